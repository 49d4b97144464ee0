"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Tabs as RadixTabs } from "radix-ui";
import { cn } from "./cn";

const bar = "flex gap-1 border-b border-zinc-200 dark:border-zinc-800";
// One look for both kinds of tab; the current one carries data-state="active" (Radix sets it on its tabs).
const tab =
  "-mb-px inline-flex items-center gap-1 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-500 hover:text-zinc-900 focus-visible:-outline-offset-2 data-[state=active]:border-sky-600 data-[state=active]:text-zinc-900 dark:hover:text-zinc-100 dark:data-[state=active]:text-zinc-100";

/**
 * Tabs that switch part of a page in place: a tablist of tabs, each showing its tab panel; the arrow
 * keys move between tabs. The choice may live in the URL (pass it as `value`, write it in
 * `onValueChange`). Tabs that are pages of their own, with addresses, are `RouteTabs`.
 */
export function Tabs<T extends string>({
  value,
  onValueChange,
  className,
  children,
}: {
  value: T;
  onValueChange: (value: T) => void;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <RadixTabs.Root value={value} onValueChange={(v) => onValueChange(v as T)} className={className}>
      {children}
    </RadixTabs.Root>
  );
}

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
  return (
    <div className={cn(bar, "items-center", className)}>
      <RadixTabs.List aria-label={label} className="flex gap-1">
        {children}
      </RadixTabs.List>
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
  return (
    <RadixTabs.Trigger value={value} className={cn(tab, className)}>
      {children}
    </RadixTabs.Trigger>
  );
}

/**
 * What a tab shows; only the selected tab's panel is rendered. The panel is a stop of the Tab key
 * unless it starts with a control of its own (then pass `tabIndex={-1}`).
 */
export function TabPanel({ className, ...props }: React.ComponentProps<typeof RadixTabs.Content>) {
  return <RadixTabs.Content className={cn("focus-visible:-outline-offset-2", className)} {...props} />;
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
