"use client";

import { Download, ShieldCheck } from "lucide-react";
import { parseAsString, useQueryStates } from "nuqs";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Banner, Card, EmptyState, PageHeader, Skeleton } from "@/components/ui/feedback";
import { ApiError } from "@/lib/client/fetch-json";
import { auditQueryString, useAuditEntriesQuery, useAuditVerifyQuery } from "@/lib/client/audit";
import type { AuditEntryView } from "@/lib/services/audit";
import { AuditFilters } from "./audit-filters";

const RESULT_TONE = { success: "ok", denied: "warn", failed: "crit" } as const;

export const AUDIT_FILTER_PARSERS = {
  actor: parseAsString.withDefault(""),
  action: parseAsString.withDefault(""),
  targetType: parseAsString.withDefault(""),
  targetId: parseAsString.withDefault(""),
  result: parseAsString.withDefault(""),
  from: parseAsString.withDefault(""),
  to: parseAsString.withDefault(""),
};

export function AuditLog() {
  const [filter, setFilter] = useQueryStates(AUDIT_FILTER_PARSERS, { history: "push" });
  const entries = useAuditEntriesQuery(filter);
  const [verifying, setVerifying] = useState(false);
  const verify = useAuditVerifyQuery(verifying);
  const [expanded, setExpanded] = useState<string | null>(null);
  const rows = entries.data?.pages.flatMap((p) => p.entries) ?? [];
  const filterErrors = entries.error instanceof ApiError ? entries.error.fields : {};

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and sign-in, who did it, from where, and whether it was allowed. Entries cannot be edited or deleted."
        actions={
          <>
            <Button
              onClick={() => (verifying ? void verify.refetch() : setVerifying(true))}
              busy={verify.isFetching}
            >
              <ShieldCheck className="size-4" aria-hidden />
              Verify integrity
            </Button>
            <a
              href={`/api/audit/export?${auditQueryString(filter)}`}
              className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
              download
            >
              <Download className="size-4" aria-hidden />
              Export CSV
            </a>
          </>
        }
      />
      {verify.data && (
        <div className="mb-4">
          {verify.data.intact ? (
            <Banner tone="ok" title={`The audit chain is intact: ${verify.data.checked} entries checked.`}>
              {verify.data.checkpoint &&
                `Checked against the signed checkpoint of ${new Date(verify.data.checkpoint.at).toLocaleString()} (entry #${verify.data.checkpoint.seq}).`}
            </Banner>
          ) : (
            <Banner title={`The audit log fails verification at ${verify.data.breaks.length} place(s).`}>
              {verify.data.breaks[0]?.message} Entries were altered, removed or inserted outside Opsdeck.
            </Banner>
          )}
        </div>
      )}
      <AuditFilters value={filter} errors={filterErrors} onChange={(next) => void setFilter(next)} />
      {entries.isError && !Object.keys(filterErrors).length && (
        <div className="mb-4">
          <Banner title="The audit log could not be loaded.">{entries.error.message}</Banner>
        </div>
      )}
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
            <tr>
              <th className="px-3 py-2 font-medium">Time</th>
              <th className="px-3 py-2 font-medium">Actor</th>
              <th className="px-3 py-2 font-medium">Action</th>
              <th className="px-3 py-2 font-medium">Target</th>
              <th className="px-3 py-2 font-medium">Result</th>
              <th className="px-3 py-2 font-medium">From</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {entries.isPending &&
              Array.from({ length: 8 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={6} className="px-3 py-2.5">
                    <Skeleton className="h-4 w-full" />
                  </td>
                </tr>
              ))}
            {rows.map((entry) => (
              <Fragment key={entry.seq}>
                <tr
                  className="cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                  onClick={() => setExpanded(expanded === entry.seq ? null : entry.seq)}
                  data-testid="audit-row"
                >
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums" title={entry.at}>
                    <button
                      type="button"
                      className="text-left"
                      aria-expanded={expanded === entry.seq}
                      aria-label={`Details of entry ${entry.seq}`}
                    >
                      {new Date(entry.at).toLocaleString()}
                    </button>
                  </td>
                  <td className="px-3 py-2">
                    {entry.actorEmail ?? <span className="text-zinc-500">anonymous</span>}
                    {entry.actorRole && (
                      <span className="ml-1.5 text-xs text-zinc-500">{entry.actorRole}</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
                  <td className="max-w-56 truncate px-3 py-2 text-xs" title={targetOf(entry)}>
                    {targetOf(entry)}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={RESULT_TONE[entry.result]}>{entry.result}</Badge>
                  </td>
                  <td className="px-3 py-2 text-xs text-zinc-500">{entry.ip ?? ""}</td>
                </tr>
                {expanded === entry.seq && (
                  <tr className="bg-zinc-50 dark:bg-zinc-900/60">
                    <td colSpan={6} className="px-3 py-3">
                      <EntryDetails entry={entry} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {entries.isSuccess && rows.length === 0 && (
          <div className="p-4">
            <EmptyState title="No entries match">Widen the time range or clear a filter.</EmptyState>
          </div>
        )}
      </Card>
      {entries.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => void entries.fetchNextPage()} busy={entries.isFetchingNextPage}>
            Load older entries
          </Button>
        </div>
      )}
    </>
  );
}

function targetOf(entry: AuditEntryView) {
  return [entry.targetType, entry.targetId].filter(Boolean).join(" ") || "—";
}

function EntryDetails({ entry }: { entry: AuditEntryView }) {
  const rows: [string, React.ReactNode][] = [
    ["Entry", `#${entry.seq}`],
    ["Time (UTC)", entry.at],
    ["Auth method", entry.authMethod ?? "—"],
    ["Reason", entry.reason ?? "—"],
    ["Request id", <code key="r">{entry.requestId ?? "—"}</code>],
    ["User agent", entry.userAgent ?? "—"],
  ];
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt className="text-zinc-500">{k}</dt>
            <dd className="break-all">{v}</dd>
          </Fragment>
        ))}
      </dl>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-950">
        {JSON.stringify(entry.params, null, 2)}
      </pre>
    </div>
  );
}
