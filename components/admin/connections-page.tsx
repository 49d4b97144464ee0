"use client";

import { PlugZap } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState } from "@/components/ui/feedback";
import { PageFrame } from "@/components/ui/page-frame";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useConnectionsQuery, useTestConnection } from "@/lib/client/connections";
import { formatAge } from "@/lib/format";
import type { ConnectionView } from "@/lib/services/connections/schemas";

const STATUS = {
  up: { tone: "ok", text: "up" },
  down: { tone: "crit", text: "down" },
  not_configured: { tone: "neutral", text: "not configured" },
} as const;

const CIRCUIT = { open: "circuit open: calls paused", half_open: "circuit half-open: trying again" } as const;

/** Settings → Connections: where each upstream is, whether it answers, and a Test button to ask it now. */
export function ConnectionsPage() {
  const connections = useConnectionsQuery();
  const test = useTestConnection();
  return (
    <PageFrame
      title="Settings"
      description="Connections: the systems Opsdeck reads, as this instance sees them. Credentials are never shown; change them in the environment and restart."
      failures={[
        connections.isError && {
          title: "Connections could not be loaded.",
          message: connections.error.message,
        },
        test.isError && { title: "The test could not run.", message: test.error.message },
      ]}
    >
      <Table
        caption="Connections"
        data-testid="connections"
        loading={connections.isPending}
        empty={
          connections.data?.length === 0 && (
            <EmptyState icon={<PlugZap className="size-8" />} title="No connection to show" />
          )
        }
      >
        <TableHeader>
          <TableHead>Connection</TableHead>
          <TableHead>URL</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>Last error</TableHead>
          <TableHead>
            <span className="sr-only">Test</span>
          </TableHead>
        </TableHeader>
        <TableBody>
          {connections.data?.map((connection) => (
            <ConnectionRow
              key={connection.id}
              connection={connection}
              testing={test.isPending && test.variables === connection.id}
              onTest={() => test.mutate(connection.id)}
            />
          ))}
        </TableBody>
      </Table>
    </PageFrame>
  );
}

function ConnectionRow({
  connection: c,
  testing,
  onTest,
}: {
  connection: ConnectionView;
  testing: boolean;
  onTest: () => void;
}) {
  const status = STATUS[c.status];
  return (
    <TableRow data-testid={`connection-${c.id}`}>
      <TableCell>
        <div className="font-medium">{c.label}</div>
        <code className="text-xs text-zinc-500">{c.variable}</code>
      </TableCell>
      <TableCell className="max-w-xs text-xs">
        {c.url ? (
          <>
            <span className="font-mono break-all">{c.url}</span>
            {c.auth && <div className="text-zinc-500">signs in with {c.auth}</div>}
          </>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">{c.setup ?? "—"}</span>
        )}
      </TableCell>
      <TableCell>
        <Badge tone={status.tone}>{status.text}</Badge>
        {c.circuit && c.circuit !== "closed" && (
          <div className="mt-1 text-xs text-amber-700 dark:text-amber-400">{CIRCUIT[c.circuit]}</div>
        )}
        {c.lastSuccessAt && (
          <div className="mt-1 text-xs text-zinc-500" title={c.lastSuccessAt}>
            answered {formatAge(c.lastSuccessAt)}
          </div>
        )}
      </TableCell>
      <TableCell className="text-xs">
        {c.version ?? (c.status === "up" ? <span className="text-zinc-500">not reported</span> : "—")}
        {c.checkedAt && (
          <div className="text-zinc-500" title={c.checkedAt}>
            checked {formatAge(c.checkedAt)}
          </div>
        )}
      </TableCell>
      <TableCell className="max-w-sm text-xs">
        {c.lastError ? (
          <>
            <p className="break-words text-red-700 dark:text-red-400">{c.lastError.message}</p>
            <p className="text-zinc-500" title={c.lastError.at}>
              {formatAge(c.lastError.at)}
            </p>
          </>
        ) : (
          "—"
        )}
      </TableCell>
      <TableCell className="text-right">
        {c.status !== "not_configured" && (
          <Button size="sm" busy={testing} onClick={onTest} aria-label={`Test ${c.label}`}>
            Test
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
