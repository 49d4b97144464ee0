import { GitBranch } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { DeliverySummary } from "@/lib/services/deployments/model";
import { deliveryHref, STATUS_TONE } from "./format";

const TONES = {
  ok: "border-green-300 text-green-800 dark:border-green-800 dark:text-green-300",
  info: "border-sky-300 text-sky-800 dark:border-sky-800 dark:text-sky-300",
  warn: "border-amber-300 text-amber-800 dark:border-amber-800 dark:text-amber-300",
  crit: "border-red-300 text-red-800 dark:border-red-800 dark:text-red-300",
  neutral: "border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300",
} as const;

/** A service's rollout in progress, in a word and a link: "rollout Paused 2/7". */
export function RolloutBadge({ delivery }: { delivery: DeliverySummary }) {
  return (
    <Link
      href={deliveryHref(delivery)}
      className={cn(
        "inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs font-medium whitespace-nowrap hover:underline",
        TONES[STATUS_TONE[delivery.status]],
      )}
      title={delivery.waiting?.message ?? delivery.message ?? undefined}
      data-testid={`rollout-badge-${delivery.service}`}
    >
      <GitBranch className="size-3" aria-hidden />
      <span className="sr-only">Rollout {delivery.name}: </span>
      {delivery.status}
      {delivery.progress && (
        <span className="tabular-nums opacity-80">
          {delivery.progress.current}/{delivery.progress.total}
        </span>
      )}
    </Link>
  );
}
