import { Badge } from "@/components/ui/feedback";
import type { DeliveryStatus, RevisionRole } from "@/lib/services/deployments/model";
import { STATUS_TONE } from "./format";

export function DeliveryStatusBadge({ status, phase }: { status: DeliveryStatus; phase?: string }) {
  return (
    <span data-testid="delivery-status" data-status={status}>
      <Badge tone={STATUS_TONE[status]}>
        {status}
        {phase && phase !== status && <span className="ml-1 font-normal opacity-80">({phase})</span>}
      </Badge>
    </span>
  );
}

const ROLE_TONE: Record<RevisionRole, "ok" | "info" | "warn" | "neutral"> = {
  stable: "ok",
  active: "ok",
  primary: "ok",
  canary: "warn",
  preview: "info",
};

export function RoleBadge({ role }: { role: RevisionRole }) {
  return <Badge tone={ROLE_TONE[role]}>{role}</Badge>;
}
