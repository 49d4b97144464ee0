"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { TIME_PARAMS } from "@/components/shell/use-time-range";

const TABS = [
  { href: "/traces", label: "Search" },
  { href: "/traces/dependencies", label: "Dependencies" },
  { href: "/traces/compare", label: "Compare" },
];

export function TraceTabs() {
  const pathname = usePathname();
  const params = useSearchParams();
  // Carry the global time range across tabs, nothing else.
  const keep = new URLSearchParams();
  for (const p of TIME_PARAMS) {
    const v = params.get(p);
    if (v) keep.set(p, v);
  }
  const suffix = keep.size ? `?${keep}` : "";
  return (
    <nav aria-label="Traces" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={`${t.href}${suffix}`}
          aria-current={pathname === t.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm",
            pathname === t.href
              ? "border-sky-600 font-medium text-zinc-900 dark:text-zinc-100"
              : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
