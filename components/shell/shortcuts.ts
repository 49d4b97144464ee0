// Every keyboard shortcut Opsdeck binds, in one list: the global handler (./keyboard.tsx) and the
// Explore editor match events against these entries, and the "?" dialog lists them, so the dialog
// cannot drift from what the keys do. The palette's and the waterfall's keys are the ARIA patterns
// of those widgets, listed so that nobody has to guess them.

/** Keys pressed together, the last one being the key itself; "Mod" is ⌘ on Apple systems, Ctrl elsewhere. */
export type KeyCombo = readonly string[];

export type Shortcut = {
  id: string;
  /** Alternatives: any one of them does it. */
  keys: readonly KeyCombo[];
  description: string;
  where: "Anywhere" | "Command palette" | "Explore" | "Trace waterfall";
};

export const SHORTCUTS = [
  {
    id: "palette.open",
    keys: [["Mod", "K"], ["/"]],
    description: "Search or jump to a page",
    where: "Anywhere",
  },
  { id: "shortcuts.open", keys: [["?"]], description: "Show keyboard shortcuts", where: "Anywhere" },
  { id: "palette.move", keys: [["↑"], ["↓"]], description: "Move between results", where: "Command palette" },
  { id: "palette.go", keys: [["Enter"]], description: "Open the selected result", where: "Command palette" },
  { id: "palette.close", keys: [["Esc"]], description: "Close", where: "Command palette" },
  { id: "explore.run", keys: [["Mod", "Enter"]], description: "Run the query", where: "Explore" },
  {
    id: "waterfall.move",
    keys: [["↑"], ["↓"]],
    description: "Previous or next span",
    where: "Trace waterfall",
  },
  {
    id: "waterfall.page",
    keys: [["PageUp"], ["PageDown"], ["Home"], ["End"]],
    description: "Jump 20 spans, to the first or to the last",
    where: "Trace waterfall",
  },
  {
    id: "waterfall.fold",
    keys: [["←"], ["→"]],
    description: "Collapse or expand a span; to its parent or first child",
    where: "Trace waterfall",
  },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]["id"];

const ARROWS: Record<string, string> = {
  "↑": "ArrowUp",
  "↓": "ArrowDown",
  "←": "ArrowLeft",
  "→": "ArrowRight",
  Esc: "Escape",
};

type KeyEventLike = Pick<KeyboardEvent, "key" | "metaKey" | "ctrlKey" | "altKey">;

function matchesCombo(combo: KeyCombo, event: KeyEventLike): boolean {
  const key = combo.at(-1)!;
  const mod = combo.includes("Mod");
  if (mod !== (event.metaKey || event.ctrlKey) || event.altKey) return false;
  // Shift is not compared: "?" is Shift-/ on most layouts, and the character is what counts.
  return event.key.toLowerCase() === (ARROWS[key] ?? key).toLowerCase();
}

export function shortcut(id: ShortcutId): Shortcut {
  return SHORTCUTS.find((s) => s.id === id)!;
}

/** Whether a key event is one of the shortcut's combinations. */
export function matchesShortcut(id: ShortcutId, event: KeyEventLike): boolean {
  return shortcut(id).keys.some((combo) => matchesCombo(combo, event));
}

/**
 * The global shortcut a key event means, if any. While the person types in a field, only combinations
 * with a modifier count: "/" and "?" are characters there.
 */
export function globalShortcut(event: KeyEventLike, typing: boolean): ShortcutId | null {
  const found = (SHORTCUTS as readonly Shortcut[]).find(
    (s) =>
      s.where === "Anywhere" &&
      s.keys.some((combo) => (!typing || combo.includes("Mod")) && matchesCombo(combo, event)),
  );
  return (found?.id as ShortcutId | undefined) ?? null;
}

/** How a key is written for this person: ⌘ on Apple systems, Ctrl elsewhere. */
export function keyLabel(key: string, apple: boolean): string {
  return key === "Mod" ? (apple ? "⌘" : "Ctrl") : key;
}
