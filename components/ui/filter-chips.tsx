import { cn } from "./cn";

/** The selection after a click on `option`: without it when it was selected, else with it added last. */
export function toggled(selected: ReadonlySet<string>, option: string): string[] {
  const next = new Set(selected);
  if (next.has(option)) next.delete(option);
  else next.add(option);
  return [...next];
}

/**
 * A row of toggle buttons that filter a list by one field (a status): each says whether it is on
 * (`aria-pressed`), none on means no filter. With `counts`, each shows how many items have its value.
 * The page keeps the selection (in the URL) and filters the items.
 */
export function FilterChips<T extends string>({
  label,
  options,
  selected,
  onChange,
  counts,
  optionLabel = (option) => option,
}: {
  /** Names the group for screen readers: "Filter by status". */
  label: string;
  options: readonly T[];
  selected: ReadonlySet<string>;
  onChange: (selected: string[]) => void;
  counts?: Partial<Record<T, number>>;
  /** What a chip says; the option itself by default. */
  optionLabel?: (option: T) => React.ReactNode;
}) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-1">
      {options.map((option) => {
        const on = selected.has(option);
        return (
          <button
            key={option}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(toggled(selected, option))}
            className={cn(
              "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-xs font-medium",
              on
                ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800",
            )}
          >
            {optionLabel(option)}
            {counts && (
              <>
                {" "}
                <span className="tabular-nums opacity-70">{counts[option] ?? 0}</span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}
