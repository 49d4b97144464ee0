import { BellRing } from "lucide-react";
import { Link } from "@/components/ui/link";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { matcher, regexLiteral } from "@/lib/prometheus/promql";
import type { IncidentDetail } from "@/lib/services/incidents";
import { SeverityBadge, StatusBadge } from "../badges";

/** The incident's number and title, its badges, its services with a link to their alerts, and who declared it. */
export function IncidentTitle({
  incident,
  live,
  serviceLabel,
}: {
  incident: IncidentDetail;
  live: boolean;
  /** The alert label naming the service (SERVICE_LABEL), for the link to the services' alerts. */
  serviceLabel: string;
}) {
  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">
        <span className="text-zinc-500">#{incident.number}</span> {incident.title}
      </h1>
      <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        {incident.services.map((s) => (
          <Link
            key={s}
            href={`/services/${encodeURIComponent(s)}`}
            className="text-sky-700 hover:underline dark:text-sky-400"
          >
            {s}
          </Link>
        ))}
        {incident.services.length > 0 && (
          <Link
            href={`/alerts?filter=${encodeURIComponent(matcher(serviceLabel, "=~", incident.services.map(regexLiteral).join("|")))}`}
            className="inline-flex items-center gap-1 text-xs text-sky-700 hover:underline dark:text-sky-400"
          >
            <BellRing className="size-3" aria-hidden /> Alerts of these services
          </Link>
        )}
        <span className="text-xs text-zinc-500">
          declared by {incident.declaredByEmail ?? incident.source}
        </span>
        <LiveIndicator live={live} />
      </div>
    </div>
  );
}
