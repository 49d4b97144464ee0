"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { WaitingCount } from "@/components/deployments/waiting-count";
import { cn } from "@/components/ui/cn";
import type { Permission } from "@/lib/auth/permissions";
import { NAV_ITEMS } from "./nav";
import { useCarriedTimeRange } from "./use-time-range";

export function Sidebar({ permissions }: { permissions: Permission[] }) {
  const pathname = usePathname();
  // Moving between areas keeps the chosen time range and refresh interval.
  const suffix = useCarriedTimeRange();

  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {NAV_ITEMS.filter((item) => permissions.includes(item.permission)).map(
        ({ href, label, icon: Icon }) => {
          const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
          return (
            <Link
              key={href}
              href={`${href}${suffix}`}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap",
                active
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
              )}
            >
              <Icon className="size-4 shrink-0" aria-hidden />
              {label}
              {href === "/deployments" && <WaitingCount />}
            </Link>
          );
        },
      )}
    </nav>
  );
}
