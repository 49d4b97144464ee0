"use client";

import { Undo2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import type { ActionAvailabilityView, RolloutDetail } from "@/lib/services/deployments/model";
import { ActionDialog } from "./action-dialog";
import { ACTION_WORDS, previousRevision } from "./format";

/**
 * A rollout action's button. An action that does nothing now stays in its place, greyed out but
 * focusable (`aria-disabled`, not `disabled`), so keyboard and screen-reader users reach it and hear why
 * (its description); sighted users see why under the bar while it has the focus or the pointer.
 */
export function ActionButton({
  availability,
  label,
  variant,
  describedBy,
  onExplain,
  onPress,
  icon,
}: {
  availability: ActionAvailabilityView;
  label: string;
  variant: "primary" | "secondary" | "danger";
  describedBy: string;
  /** Told the reason of a greyed-out button while it has the focus or the pointer, for a visible line. */
  onExplain?: (reason: string | null) => void;
  onPress: () => void;
  icon?: React.ReactNode;
}) {
  const off = !availability.available;
  const explain = () => onExplain?.(off ? `${label}: ${availability.reason ?? "not available now."}` : null);
  return (
    <Button
      size="sm"
      variant={off ? "secondary" : variant}
      aria-disabled={off || undefined}
      aria-describedby={off ? describedBy : undefined}
      title={off ? (availability.reason ?? undefined) : undefined}
      className="aria-disabled:cursor-not-allowed aria-disabled:text-zinc-400 aria-disabled:hover:bg-white dark:aria-disabled:text-zinc-500 dark:aria-disabled:hover:bg-zinc-900"
      data-action={availability.action}
      onFocus={explain}
      onMouseEnter={explain}
      onBlur={() => onExplain?.(null)}
      onMouseLeave={() => onExplain?.(null)}
      onClick={() => !off && onPress()}
    >
      {icon}
      {label}
    </Button>
  );
}

/**
 * The actions of a rollout: each enabled only when it would do something now, a greyed-out one saying
 * why; pressing one opens the confirmation. Shown only to roles that may act (the service decides).
 */
export function ActionsBar({ detail }: { detail: RolloutDetail }) {
  const id = useId();
  const [opened, setOpened] = useState<ActionAvailabilityView | null>(null);
  const [explained, setExplained] = useState<string | null>(null);
  const previous = previousRevision(detail.undo, detail.view.revision);
  const [undoTo, setUndoTo] = useState<number | null>(null);
  const undoChoice =
    detail.undo.find((choice) => choice.revision === undoTo) ?? previous ?? detail.undo[0] ?? null;
  const reasonId = (action: string) => `${id}-why-${action}`;

  const offReasons = [
    ...detail.actions.filter((a) => !a.available),
    ...(undoChoice && !undoChoice.availability.available ? [undoChoice.availability] : []),
  ];

  return (
    <Card className="mb-4 px-3 py-2.5">
      <div data-testid="actions-bar">
        <div
          role="group"
          aria-label={`Actions on ${detail.summary.name}`}
          className="flex flex-wrap items-center gap-2"
        >
          {detail.actions.map((availability) => {
            const words = ACTION_WORDS[availability.action];
            return (
              <ActionButton
                key={availability.action}
                availability={availability}
                label={words.label}
                variant={
                  availability.action === "promote"
                    ? "primary"
                    : words.tone === "danger"
                      ? "danger"
                      : "secondary"
                }
                describedBy={reasonId(availability.action)}
                onExplain={setExplained}
                onPress={() => setOpened(availability)}
              />
            );
          })}
          <span className="mx-1 h-6 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden />
          {detail.undo.length > 0 && undoChoice ? (
            <span className="flex items-center gap-1.5">
              <label htmlFor={`${id}-undo`} className="text-xs text-zinc-500">
                Undo to
              </label>
              <Select
                id={`${id}-undo`}
                className="h-8 w-auto text-xs"
                value={undoChoice.revision}
                onChange={(e) => setUndoTo(Number(e.target.value))}
              >
                {detail.undo.map((choice) => (
                  <option key={choice.revision} value={choice.revision}>
                    revision {choice.revision}
                    {choice.images[0] ? ` (${choice.images[0].split("/").at(-1)})` : ""}
                    {choice.revision === detail.view.revision ? " (current)" : ""}
                  </option>
                ))}
              </Select>
              <ActionButton
                availability={undoChoice.availability}
                label="Undo"
                variant="danger"
                icon={<Undo2 className="size-3.5" aria-hidden />}
                describedBy={reasonId("undo")}
                onExplain={setExplained}
                onPress={() => setOpened(undoChoice.availability)}
              />
            </span>
          ) : (
            <span className="text-xs text-zinc-500">No earlier revision to undo to.</span>
          )}
        </div>
        <p
          className="mt-1.5 min-h-4 text-xs text-zinc-600 dark:text-zinc-400"
          data-testid="action-explanation"
        >
          {explained}
        </p>
        {/* Each greyed-out button's description, read by screen readers with the button. */}
        <div hidden>
          {offReasons.map((a) => (
            <span key={a.action} id={reasonId(a.action)}>
              {a.reason}
            </span>
          ))}
        </div>
        {opened && <ActionDialog detail={detail} request={opened} onClose={() => setOpened(null)} />}
      </div>
    </Card>
  );
}
