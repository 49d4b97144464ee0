// How an audit entry's actor and target read in the log: the target as a link to what it is (or to its
// history in the log, where it has no page), and a system's webhook as a system rather than by the role
// its requests are checked with.
import type { AuditEntryView } from "@/lib/services/audit";

const enc = encodeURIComponent;

/** `argo-rollouts/<cluster>/<namespace>/<name>` (or `flagger/…`) → the delivery's page. */
function deliveryHref(key: string): string | null {
  const [source, ...rest] = key.split("/");
  if ((source !== "argo-rollouts" && source !== "flagger") || rest.length !== 3 || rest.some((p) => !p))
    return null;
  return `/deployments/${source}/${rest.map(enc).join("/")}`;
}

/** Where the target of an entry is shown: its page, else the log's entries about it. */
export function auditTargetHref(entry: Pick<AuditEntryView, "targetType" | "targetId">): string | null {
  const { targetType: type, targetId: id } = entry;
  if (!type || !id) return null;
  switch (type) {
    case "incident":
      return `/incidents/${enc(id)}`;
    case "runbook":
      return `/runbooks/${enc(id)}`;
    case "service":
      return `/services/${enc(id)}`;
    case "rollout":
    case "canary": {
      const href = deliveryHref(id);
      if (href) return href;
      break;
    }
  }
  return `/audit?${new URLSearchParams({ targetType: type, targetId: id })}`;
}

/** A UUID is long and says nothing by itself: its first block, the whole on hover. */
export function shortTargetId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ? `${id.slice(0, 8)}…`
    : id;
}

/** What the actor column says beside the actor: the role of a person, "webhook" for a system. */
export function actorBadge(
  entry: Pick<AuditEntryView, "authMethod" | "actorId" | "actorRole">,
): string | null {
  // Alertmanager's and Flagger's webhooks act with a role for the permission check; they are not people.
  if (entry.authMethod === "webhook") return "webhook";
  return entry.actorRole;
}
