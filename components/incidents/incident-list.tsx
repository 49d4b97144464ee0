"use client";

import { BarChart3, Siren } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Banner, Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/feedback";
import { useIncidentsQuery } from "@/lib/client/incidents";
import { formatAge } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/services/incidents/schemas";
import { SeverityBadge, StatusBadge } from "./badges";
import { DeclareDialog } from "./declare-dialog";

/** The list of incidents, open, resolved or all, and the way to declare one. */
export function IncidentList({ canDeclare }: { canDeclare: boolean }) {
  const router = useRouter();
  const [view, setView] = useQueryStates(
    {
      status: parseAsStringLiteral(["open", "resolved", "all"] as const).withDefault("open"),
      declareFrom: parseAsString,
      declare: parseAsString,
    },
    { history: "replace" },
  );
  const incidents = useIncidentsQuery(view.status);
  const declaring = canDeclare && (view.declareFrom !== null || view.declare !== null);

  return (
    <>
      <PageHeader
        title="Incidents"
        description="Declare, coordinate and review incidents. Alertmanager opens one by itself for critical alerts."
        actions={
          <>
            <Link
              href="/incidents/metrics"
              className="inline-flex h-9 items-center gap-1.5 rounded-md px-3 text-sm hover:bg-zinc-200/70 dark:hover:bg-zinc-800"
            >
              <BarChart3 className="size-4" aria-hidden /> Metrics
            </Link>
            {canDeclare && (
              <Button variant="danger" onClick={() => void setView({ declare: "1" })}>
                <Siren className="size-4" aria-hidden /> Declare incident
              </Button>
            )}
          </>
        }
      />
      <div
        role="tablist"
        aria-label="Incident status"
        className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
      >
        {(["open", "resolved", "all"] as const).map((s) => (
          <button
            key={s}
            role="tab"
            aria-selected={view.status === s}
            onClick={() => void setView({ status: s })}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium capitalize",
              view.status === s
                ? "border-sky-600"
                : "border-transparent text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100",
            )}
          >
            {s}
          </button>
        ))}
      </div>
      {incidents.isError && <Banner title="Incidents could not be loaded.">{incidents.error.message}</Banner>}
      {incidents.isPending && <Skeleton className="h-40 w-full" />}
      {incidents.data?.length === 0 && (
        <EmptyState
          icon={<Siren className="size-8" />}
          title={view.status === "open" ? "No open incident" : "No incidents"}
        >
          {canDeclare
            ? "When something breaks, declare an incident: it gives everyone one place to coordinate."
            : "Responders declare incidents; they appear here."}
        </EmptyState>
      )}
      {incidents.data && incidents.data.length > 0 && (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
              <tr>
                <th className="px-3 py-2 font-medium">Incident</th>
                <th className="px-3 py-2 font-medium">Severity</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Services</th>
                <th className="px-3 py-2 font-medium">{ROLE_LABELS.commander.short}</th>
                <th className="px-3 py-2 font-medium">Declared</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {incidents.data.map((i) => (
                <tr key={i.id} data-testid={`incident-row-${i.number}`}>
                  <td className="px-3 py-2">
                    <Link href={`/incidents/${i.number}`} className="font-medium hover:underline">
                      #{i.number} {i.title}
                    </Link>
                    {i.source === "alertmanager" && (
                      <span className="ml-2 text-xs text-zinc-500">from Alertmanager</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <SeverityBadge severity={i.severity} />
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={i.status} />
                  </td>
                  <td className="px-3 py-2">{i.services.join(", ") || "—"}</td>
                  <td className="px-3 py-2">
                    {i.commander ?? <span className="text-amber-700 dark:text-amber-400">nobody yet</span>}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap" title={i.createdAt}>
                    {formatAge(i.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {declaring && (
        <DeclareDialog
          open
          fromAlert={view.declareFrom}
          onOpenChange={(o) => !o && void setView({ declareFrom: null, declare: null })}
          // Clear the dialog's URL state first: a pending URL update would undo the navigation.
          onDeclared={(number) =>
            void setView({ declareFrom: null, declare: null }).then(() => router.push(`/incidents/${number}`))
          }
        />
      )}
    </>
  );
}
