import { cn } from "@/components/ui/cn";
import type { HealthStatus } from "@/lib/services/health/overview";

const STYLE: Record<HealthStatus, string> = {
  critical: "bg-red-500",
  warning: "bg-amber-500",
  ok: "bg-green-500",
  no_data: "bg-zinc-400",
};

const LABEL: Record<HealthStatus, string> = {
  critical: "Critical",
  warning: "Warning",
  ok: "Healthy",
  no_data: "No data",
};

export function StatusDot({ status }: { status: HealthStatus }) {
  return (
    <span className="inline-flex items-center gap-1.5" title={LABEL[status]}>
      <span
        className={cn("size-2.5 rounded-full", STYLE[status], status === "critical" && "animate-pulse")}
        aria-hidden
      />
      <span className="sr-only">{LABEL[status]}</span>
    </span>
  );
}

export const STATUS_LABEL = LABEL;
