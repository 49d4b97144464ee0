"use client";

import { Dialog } from "@/components/ui/dialog";
import { SHORTCUTS, keyLabel, type Shortcut } from "./shortcuts";

const PLACES = [...new Set(SHORTCUTS.map((s) => s.where))];

/** "?": every shortcut the app binds, read from the one list the key handlers match against. */
export function ShortcutsDialog({
  open,
  onOpenChange,
  apple,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  apple: boolean;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts">
      <div className="max-h-[60vh] space-y-4 overflow-y-auto">
        {PLACES.map((where) => (
          <section key={where} aria-label={where}>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{where}</h3>
            <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {SHORTCUTS.filter((s) => s.where === where).map((s) => (
                <div
                  key={s.id}
                  className="flex items-center justify-between gap-3 py-1.5"
                  data-testid="shortcut"
                >
                  <dt>{s.description}</dt>
                  <dd className="flex shrink-0 items-center gap-1 text-xs text-zinc-500">
                    <Keys keys={s.keys} apple={apple} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}

export function Keys({ keys, apple }: { keys: Shortcut["keys"]; apple: boolean }) {
  return keys.map((combo, i) => (
    <span key={combo.join("+")} className="flex items-center gap-1">
      {i > 0 && <span>or</span>}
      {combo.map((key) => (
        <kbd
          key={key}
          className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-sans text-[11px] text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {keyLabel(key, apple)}
        </kbd>
      ))}
    </span>
  ));
}
