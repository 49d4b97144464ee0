"use client";

import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fetchJson } from "@/lib/client/fetch-json";
import { formatAge } from "@/lib/format";
import type { DeliveryView } from "@/lib/services/notifications/outbox";
import { Time } from "@/components/shell/time-format";

const TONE = { delivered: "ok", pending: "warn", failed: "crit" } as const;

/** The incident-webhook outbox: what was sent where, what is being retried and why. */
export function DeliveriesPage({ configured }: { configured: number }) {
  const deliveries = useQuery({
    queryKey: ["deliveries"],
    queryFn: () => fetchJson<{ deliveries: DeliveryView[] }>("/api/deliveries").then((r) => r.deliveries),
    refetchInterval: 10_000,
  });
  return (
    <>
      <PageHeader
        title="Webhook deliveries"
        description="Incident notifications to chat and other systems. Failed sends are retried with backoff for up to two hours; the newest 200 are shown."
      />
      {configured === 0 && (
        <Banner tone="info" title="No webhook is configured.">
          Set <code>INCIDENT_WEBHOOKS</code>, e.g.{" "}
          <code>{'[{"url":"https://hooks.slack.com/services/…","format":"slack"}]'}</code>, and restart to
          notify on incident changes.
        </Banner>
      )}
      {deliveries.isError && (
        <Banner title="Deliveries could not be loaded.">{deliveries.error.message}</Banner>
      )}
      {deliveries.isPending && <Skeleton className="mt-4 h-40 w-full" />}
      {deliveries.data?.length === 0 && (
        <EmptyState icon={<Send className="size-8" />} title="Nothing sent yet">
          Deliveries appear when an incident is declared or changes.
        </EmptyState>
      )}
      {deliveries.data && deliveries.data.length > 0 && (
        <Table className="mt-4">
          <TableHeader>
            <TableHead>Event</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Status</TableHead>
            <TableHead numeric>Attempts</TableHead>
            <TableHead>Last error</TableHead>
            <TableHead>Created</TableHead>
          </TableHeader>
          <TableBody>
            {deliveries.data.map((d) => (
              <TableRow key={d.id}>
                <TableCell className="font-mono text-xs">{d.event}</TableCell>
                <TableCell className="text-xs">
                  {d.target} <span className="text-zinc-500">({d.format})</span>
                </TableCell>
                <TableCell>
                  <Badge tone={TONE[d.status as keyof typeof TONE] ?? "neutral"}>{d.status}</Badge>
                  {d.status === "pending" && d.attempts > 0 && (
                    <span className="ml-1 text-xs text-zinc-500">
                      next try <Time at={d.nextAttemptAt} />
                    </span>
                  )}
                </TableCell>
                <TableCell numeric>{d.attempts}</TableCell>
                <TableCell
                  className="max-w-xs truncate text-xs text-zinc-600 dark:text-zinc-400"
                  title={d.lastError ?? undefined}
                >
                  {d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "—")}
                </TableCell>
                <TableCell className="text-xs whitespace-nowrap" title={d.createdAt}>
                  {formatAge(d.createdAt)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
