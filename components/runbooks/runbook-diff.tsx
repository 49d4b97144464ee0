"use client";

import { Link } from "@/components/ui/link";
import { parseAsInteger, useQueryStates } from "nuqs";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Banner, Skeleton } from "@/components/ui/feedback";
import { Select } from "@/components/ui/field";
import { useRunbookDiffQuery, useRunbookQuery } from "@/lib/client/runbooks";

/** Line diff between two versions of a runbook; both versions are in the URL so a review can be shared. */
export function RunbookDiff({ id }: { id: string }) {
  const runbook = useRunbookQuery(id);
  const latest = runbook.data?.version ?? 0;
  const [range, setRange] = useQueryStates(
    { from: parseAsInteger, to: parseAsInteger },
    { history: "replace" },
  );
  const from = range.from ?? Math.max(1, latest - 1);
  const to = range.to ?? latest;
  const diff = useRunbookDiffQuery(id, from, to);

  if (runbook.isPending) return <Skeleton className="h-96 w-full" />;
  if (runbook.isError)
    return <Banner title="This runbook could not be loaded.">{runbook.error.message}</Banner>;
  const versions = runbook.data.versions;
  const added =
    diff.data?.parts.filter((p) => p.kind === "added").reduce((n, p) => n + lineCount(p.text), 0) ?? 0;
  const removed =
    diff.data?.parts.filter((p) => p.kind === "removed").reduce((n, p) => n + lineCount(p.text), 0) ?? 0;
  return (
    <>
      <div className="mb-4">
        <p className="text-sm">
          <Link href={`/runbooks/${id}`} className="text-zinc-500 hover:underline">
            {runbook.data.title}
          </Link>
        </p>
        <h1 className="text-xl font-semibold tracking-tight">Changes between versions</h1>
      </div>
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor="diff-from">From</label>
        <Select
          id="diff-from"
          className="w-28"
          value={from}
          onChange={(e) => void setRange({ from: Number(e.target.value), to })}
        >
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
            </option>
          ))}
        </Select>
        <label htmlFor="diff-to">to</label>
        <Select
          id="diff-to"
          className="w-28"
          value={to}
          onChange={(e) => void setRange({ from, to: Number(e.target.value) })}
        >
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
            </option>
          ))}
        </Select>
        {diff.data && (
          <span className="text-zinc-500">
            <span className="text-green-700 dark:text-green-400">+{added}</span>{" "}
            <span className="text-red-700 dark:text-red-400">−{removed}</span> lines
            {diff.data.titleChanged && ", title changed"}
          </span>
        )}
      </div>
      {latest < 2 && (
        <Banner tone="info" title="This runbook has a single version; there is nothing to compare yet." />
      )}
      {diff.isError && <Banner title="The versions could not be compared.">{diff.error.message}</Banner>}
      {diff.isPending && latest >= 2 && <Skeleton className="h-64 w-full" />}
      {diff.data && (
        <Card className="overflow-x-auto">
          <pre className="text-[13px] leading-5" data-testid="runbook-diff">
            {diff.data.parts.flatMap((part, i) =>
              splitLines(part.text).map((line, j) => (
                <div
                  key={`${i}-${j}`}
                  className={cn(
                    "px-3 whitespace-pre-wrap",
                    part.kind === "added" &&
                      "bg-green-50 text-green-900 dark:bg-green-950/40 dark:text-green-200",
                    part.kind === "removed" && "bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-200",
                  )}
                >
                  <span
                    className="mr-2 inline-block w-3 text-zinc-400 select-none"
                    aria-label={part.kind === "same" ? undefined : part.kind}
                  >
                    {part.kind === "added" ? "+" : part.kind === "removed" ? "−" : " "}
                  </span>
                  {line}
                </div>
              )),
            )}
          </pre>
        </Card>
      )}
    </>
  );
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const lineCount = (text: string) => splitLines(text).length;
