// The checklist of a runbook: its Markdown task-list items ("- [ ] Check the error-rate dashboard").

const TASK = /^\s*[-*+]\s+\[[ xX]\]\s+(.+?)\s*$/;

export function checklistSteps(markdown: string): string[] {
  const steps: string[] = [];
  let inFence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = TASK.exec(line);
    if (match) steps.push(match[1]!.slice(0, 500));
  }
  return steps.slice(0, 100);
}
