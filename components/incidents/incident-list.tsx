"use client";

import { BarChart3, Siren } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Button } from "@/components/ui/button";
import { Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui/tabs";
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
      <Tabs value={view.status} onValueChange={(s) => void setView({ status: s })}>
        <TabList label="Incident status" className="mb-4">
          {(["open", "resolved", "all"] as const).map((s) => (
            <Tab key={s} value={s} className="capitalize">
              {s}
            </Tab>
          ))}
        </TabList>
        <TabPanel value={view.status}>
          {incidents.isError && (
            <Banner title="Incidents could not be loaded.">{incidents.error.message}</Banner>
          )}
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
            <Table>
              <TableHeader>
                <TableHead>Incident</TableHead>
                <TableHead>Severity</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Services</TableHead>
                <TableHead>{ROLE_LABELS.commander.short}</TableHead>
                <TableHead>Declared</TableHead>
              </TableHeader>
              <TableBody>
                {incidents.data.map((i) => (
                  <TableRow key={i.id} data-testid={`incident-row-${i.number}`}>
                    <TableCell>
                      <Link href={`/incidents/${i.number}`} className="font-medium hover:underline">
                        #{i.number} {i.title}
                      </Link>
                      {i.source === "alertmanager" && (
                        <span className="ml-2 text-xs text-zinc-500">from Alertmanager</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <SeverityBadge severity={i.severity} />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={i.status} />
                    </TableCell>
                    <TableCell>{i.services.join(", ") || "—"}</TableCell>
                    <TableCell>
                      {i.commander ?? <span className="text-amber-700 dark:text-amber-400">nobody yet</span>}
                    </TableCell>
                    <TableCell className="whitespace-nowrap" title={i.createdAt}>
                      {formatAge(i.createdAt)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </TabPanel>
      </Tabs>
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
