"use client";

import { InlineMarkdown } from "@/components/markdown";
import { cn } from "@/components/ui/cn";
import { Panel } from "@/components/ui/panel";
import { useCheckStep } from "@/lib/client/incidents";
import type { PanelProps } from "./panel-props";
import { Time } from "@/components/shell/time-format";

/** One panel per running checklist; ticking a step shows at once and lands in the timeline. */
export function ChecklistPanels({ incident, incidentRef, canWrite }: PanelProps) {
  const check = useCheckStep(incidentRef);
  if (!incident.checklists.length) return null;
  return (
    <>
      {incident.checklists.map((c) => {
        const done = c.steps.filter((s) => s.checkedAt).length;
        return (
          <Panel
            key={c.id}
            title={`Checklist: ${c.title}`}
            action={
              <span className="text-xs text-zinc-500">
                {done}/{c.steps.length}
              </span>
            }
          >
            <ul className="space-y-1.5 text-sm">
              {c.steps.map((s) => (
                <li key={s.id}>
                  <label className="flex items-start gap-2">
                    <input
                      type="checkbox"
                      className="mt-1"
                      checked={!!s.checkedAt}
                      disabled={!canWrite || (check.isPending && check.variables?.stepId === s.id)}
                      onChange={(e) => check.mutate({ stepId: s.id, checked: e.target.checked })}
                    />
                    <span>
                      <span className={cn(s.checkedAt && "text-zinc-500 line-through")}>
                        <InlineMarkdown>{s.text}</InlineMarkdown>
                      </span>
                      {s.checkedAt && (
                        <span className="block text-xs text-zinc-500">
                          {s.checkedByEmail} at <Time at={s.checkedAt} />
                        </span>
                      )}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </Panel>
        );
      })}
    </>
  );
}
