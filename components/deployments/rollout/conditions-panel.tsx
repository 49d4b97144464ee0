"use client";

import { Badge } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAge } from "@/lib/format";
import type { RolloutCondition } from "@/lib/argo-rollouts/schemas";
import type { KubeEvent } from "@/lib/services/deployments/model";
import { useNow } from "../use-now";

/** The rollout's conditions as the controller keeps them, and its Kubernetes events, newest first. */
export function ConditionsPanel({
  conditions,
  events,
}: {
  conditions: RolloutCondition[];
  events: KubeEvent[];
}) {
  const now = useNow(30_000);
  return (
    <div className="space-y-4">
      <Panel title="Conditions">
        <Table
          framed={false}
          density="compact"
          caption="Conditions"
          empty={
            conditions.length === 0 && <p className="text-sm text-zinc-500">No condition recorded yet.</p>
          }
        >
          <TableHeader>
            <TableHead>Type</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead>Message</TableHead>
            <TableHead>Updated</TableHead>
          </TableHeader>
          <TableBody>
            {conditions.map((c) => (
              <TableRow key={c.type}>
                <TableCell className="font-medium">{c.type}</TableCell>
                <TableCell>
                  <Badge tone={c.status === "True" ? "ok" : c.status === "False" ? "neutral" : "warn"}>
                    {c.status}
                  </Badge>
                </TableCell>
                <TableCell>{c.reason ?? "—"}</TableCell>
                <TableCell className="text-zinc-700 dark:text-zinc-300">{c.message ?? ""}</TableCell>
                <TableCell
                  className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"
                  title={c.lastUpdateTime ?? c.lastTransitionTime ?? ""}
                >
                  {c.lastUpdateTime || c.lastTransitionTime
                    ? formatAge((c.lastUpdateTime ?? c.lastTransitionTime)!, now)
                    : "—"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
      <Panel title="Controller events" note="from Kubernetes, newest first">
        <Table
          framed={false}
          density="compact"
          caption="Controller events"
          data-testid="controller-events"
          empty={
            events.length === 0 && (
              <p className="text-sm text-zinc-500">
                No event: Kubernetes keeps events for an hour by default.
              </p>
            )
          }
        >
          <TableHeader>
            <TableHead>When</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead>Message</TableHead>
            <TableHead numeric>Count</TableHead>
          </TableHeader>
          <TableBody>
            {events.map((e) => (
              <TableRow key={e.uid}>
                <TableCell
                  className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"
                  title={e.lastAt ?? ""}
                >
                  {e.lastAt ? formatAge(e.lastAt, now) : "—"}
                </TableCell>
                <TableCell>
                  <span className="flex items-center gap-1.5">
                    {e.type === "Warning" && <Badge tone="warn">Warning</Badge>}
                    {e.reason}
                  </span>
                </TableCell>
                <TableCell className="text-zinc-700 dark:text-zinc-300">{e.message}</TableCell>
                <TableCell numeric>{e.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Panel>
    </div>
  );
}
