// How the Overview reads an SLO: budget left as a share while some is left; once spent, "Exhausted"
// with how many budgets went (×2.3), never a five-digit negative percentage.
import { formatPercent } from "@/lib/format";

/** How many budgets were used, from the share left (−1.3 left is 2.3 used), in as few digits as read well. */
function budgetsUsed(remaining: number): string {
  const used = 1 - remaining;
  if (used < 10) return used.toFixed(1);
  if (used < 1_000) return used.toFixed(0);
  return `${(used / 1_000).toFixed(1)}k`;
}

export function formatBudget(remaining: number | null): string {
  if (remaining === null) return "—";
  if (remaining <= 0) return `Exhausted ×${budgetsUsed(remaining)}`;
  return `${formatPercent(remaining, 1)} left`;
}

export function formatBurn(burnRate: number | null): string {
  return burnRate === null ? "—" : `${burnRate < 10 ? burnRate.toFixed(1) : burnRate.toFixed(0)}×`;
}
