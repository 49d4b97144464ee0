"use client";

import { useCarriedTimeRange } from "@/components/shell/use-time-range";
import { RouteTabs } from "@/components/ui/tabs";

const TABS = [
  { href: "/traces", label: "Search" },
  { href: "/traces/dependencies", label: "Dependencies" },
  { href: "/traces/compare", label: "Compare" },
];

export function TraceTabs() {
  // Carry the global time range across tabs, nothing else.
  return <RouteTabs label="Traces" tabs={TABS} query={useCarriedTimeRange()} className="mb-4" />;
}
