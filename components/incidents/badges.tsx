import { Badge } from "@/components/ui/feedback";

const SEVERITY_TONE = { SEV1: "crit", SEV2: "crit", SEV3: "warn", SEV4: "info" } as const;
const STATUS_TONE = {
  investigating: "crit",
  identified: "warn",
  monitoring: "info",
  resolved: "ok",
} as const;

export function SeverityBadge({ severity }: { severity: keyof typeof SEVERITY_TONE }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: keyof typeof STATUS_TONE }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}
