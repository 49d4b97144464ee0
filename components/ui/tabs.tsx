"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { createContext, useContext, useId } from "react";
import { cn } from "./cn";

const bar = "flex gap-1 border-b border-zinc-200 dark:border-zinc-800";
// One look for both kinds of tab; the current one carries data-state="active".
const tab =
  "-mb-px inline-flex items-center gap-1 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 focus-visible:-outline-offset-2 dark:text-zinc-400 data-[state=active]:border-sky-600 data-[state=active]:text-zinc-900 dark:hover:text-zinc-100 dark:data-[state=active]:text-zinc-100";

type TabsState = { value: string; select: (value: string) => void; id: string };
const TabsContext = createContext<TabsState | null>(null);

function useTabs(part: string): TabsState {
  const tabs = useContext(TabsContext);
  if (!tabs) throw new Error(`${part} must be inside Tabs`);
  return tabs;
}

const tabId = (tabs: TabsState, value: string) => `${tabs.id}-tab-${value}`;
const panelId = (tabs: TabsState, value: string) => `${tabs.id}-panel-${value}`;

// Not Radix's Tabs: its tabs take focus by script on mousedown, which makes Chromium draw the keyboard
// focus ring on every click.
/**
 * Tabs that switch part of a page in place: a tablist of tabs, each showing its tab panel. The selected
 * tab is the one Tab stop of the list; the arrow keys, Home and End move to another tab and select it.
 * The choice may live in the URL (pass it as `value`, write it in `onValueChange`). Tabs that are pages
 * of their own, with addresses, are `RouteTabs`.
 */
export function Tabs<T extends string>({
  value,
  onValueChange,
  children,
}: {
  value: T;
  onValueChange: (value: T) => void;
  children: React.ReactNode;
}) {
  const id = useId();
  return <TabsContext value={{ value, select: (v) => onValueChange(v as T), id }}>{children}</TabsContext>;
}

const MOVES: Record<string, (at: number, last: number) => number> = {
  ArrowRight: (at, last) => (at === last ? 0 : at + 1),
  ArrowLeft: (at, last) => (at === 0 ? last : at - 1),
  Home: () => 0,
  End: (_, last) => last,
};

/** The row of tabs, named by `label`; `end` stands at the right of the row, outside the tablist. */
export function TabList({
  label,
  end,
  className,
  children,
}: {
  label: string;
  end?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const move = MOVES[event.key];
    const tabs = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const at = tabs.indexOf(event.target as HTMLButtonElement);
    if (!move || at < 0) return;
    event.preventDefault();
    const next = tabs[move(at, tabs.length - 1)]!;
    next.focus();
    next.click();
  };
  return (
    <div className={cn(bar, "items-center", className)}>
      <div role="tablist" aria-label={label} className="flex gap-1" onKeyDown={onKeyDown}>
        {children}
      </div>
      {end && <div className="ml-auto">{end}</div>}
    </div>
  );
}

export function Tab({
  value,
  className,
  children,
}: {
  value: string;
  className?: string;
  children: React.ReactNode;
}) {
  const tabs = useTabs("Tab");
  const selected = tabs.value === value;
  return (
    <button
      type="button"
      role="tab"
      id={tabId(tabs, value)}
      aria-selected={selected}
      aria-controls={selected ? panelId(tabs, value) : undefined}
      tabIndex={selected ? 0 : -1}
      data-state={selected ? "active" : "inactive"}
      onClick={() => tabs.select(value)}
      className={cn(tab, className)}
    >
      {children}
    </button>
  );
}

/**
 * What a tab shows; only the selected tab's panel is rendered. The panel is a stop of the Tab key
 * unless it starts with a control of its own (then pass `tabIndex={-1}`).
 */
export function TabPanel({
  value,
  tabIndex = 0,
  className,
  children,
}: {
  value: string;
  tabIndex?: number;
  className?: string;
  children: React.ReactNode;
}) {
  const tabs = useTabs("TabPanel");
  if (tabs.value !== value) return null;
  return (
    <div
      role="tabpanel"
      id={panelId(tabs, value)}
      aria-labelledby={tabId(tabs, value)}
      tabIndex={tabIndex}
      className={cn("focus-visible:-outline-offset-2", className)}
    >
      {children}
    </div>
  );
}

/**
 * Tabs that are pages of their own: links in a navigation named by `label`, the current page's marked
 * aria-current="page", so every tab has an address to share. `query` is added to every link (for a
 * time range the pages share).
 */
export function RouteTabs({
  label,
  tabs,
  query = "",
  className,
}: {
  label: string;
  tabs: readonly { href: string; label: string }[];
  query?: string;
  className?: string;
}) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn(bar, className)}>
      {tabs.map((t) => {
        const current = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={`${t.href}${query}`}
            aria-current={current ? "page" : undefined}
            data-state={current ? "active" : "inactive"}
            className={tab}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
