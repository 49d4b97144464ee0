"use client";

import { Card } from "@/components/ui/card";
import { Badge, Banner, Skeleton } from "@/components/ui/feedback";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { useRulesQuery } from "@/lib/client/alerts";
import { formatSeconds } from "@/lib/format";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";
import { AlertTabs } from "./alert-tabs";

/** `notConfigured`: Prometheus is not configured, so the page says so instead of asking. */
export function RulesPage({ notConfigured }: { notConfigured: NotConfiguredView | null }) {
  const rules = useRulesQuery(!notConfigured);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Prometheus's alerting and recording rules, with their health and last evaluation."
      />
      <AlertTabs />
      {notConfigured && <NotConfigured {...notConfigured} />}
      {rules.isError && <Banner title="Rules could not be loaded.">{rules.error.message}</Banner>}
      {rules.isLoading && <Skeleton className="h-40 w-full" />}
      <div className="space-y-4">
        {rules.data?.groups.map((g) => (
          <Card key={`${g.file}:${g.name}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
              <h2 className="font-semibold">{g.name}</h2>
              <span className="text-xs text-zinc-500">
                every {g.interval}s · last took {formatSeconds(g.evaluationTime ?? null)} · {g.file}
              </span>
            </div>
            <Table framed={false}>
              <TableBody>
                {g.rules.map((r) => (
                  <TableRow key={r.name + r.query} className="align-top">
                    <TableCell className="w-64">
                      <div className="font-medium">{r.name}</div>
                      <div className="text-xs text-zinc-500">
                        {r.type === "alerting"
                          ? `alert${r.duration ? ` after ${r.duration}s` : ""}${r.state ? ` · ${r.state}` : ""}`
                          : "recording"}
                      </div>
                    </TableCell>
                    <TableCell>
                      <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap">{r.query}</pre>
                    </TableCell>
                    <TableCell align="right" className="w-56">
                      <Badge tone={r.health === "ok" ? "ok" : r.health === "err" ? "crit" : "neutral"}>
                        {r.health}
                      </Badge>
                      <div className="text-xs text-zinc-500">{formatSeconds(r.evaluationTime ?? null)}</div>
                      {r.lastError && (
                        <div className="text-xs text-red-600 dark:text-red-400">{r.lastError}</div>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Card>
        ))}
      </div>
    </>
  );
}
