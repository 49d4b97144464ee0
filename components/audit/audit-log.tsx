"use client";

import { Download, ShieldCheck } from "lucide-react";
import { parseAsString, useQueryStates } from "nuqs";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Banner, EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/fetch-json";
import { auditQueryString, useAuditEntriesQuery, useAuditVerifyQuery } from "@/lib/client/audit";
import type { AuditEntryView } from "@/lib/services/audit";
import { Link } from "@/components/ui/link";
import { AuditFilters } from "./audit-filters";
import { actorBadge, auditTargetHref, shortTargetId } from "./entry-labels";
import { Time, useTimeFormat } from "@/components/shell/time-format";

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
  const formatTime = useTimeFormat();
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
                `Checked against the signed checkpoint of ${formatTime.dateTime(verify.data.checkpoint.at)} (entry #${verify.data.checkpoint.seq}).`}
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
      <Table
        loading={entries.isPending}
        empty={
          entries.isSuccess &&
          rows.length === 0 && (
            <EmptyState title="No entries match">Widen the time range or clear a filter.</EmptyState>
          )
        }
      >
        <TableHeader>
          <TableHead>Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Result</TableHead>
          <TableHead>From</TableHead>
        </TableHeader>
        <TableBody>
          {rows.map((entry) => (
            <Fragment key={entry.seq}>
              <TableRow
                onClick={() => setExpanded(expanded === entry.seq ? null : entry.seq)}
                data-testid="audit-row"
              >
                <TableCell className="whitespace-nowrap tabular-nums" title={entry.at}>
                  <button
                    type="button"
                    className="text-left"
                    aria-expanded={expanded === entry.seq}
                    aria-label={`Details of entry ${entry.seq}`}
                  >
                    <Time at={entry.at} dateTime />
                  </button>
                </TableCell>
                <TableCell>
                  {entry.actorEmail ?? <span className="text-zinc-500">anonymous</span>}
                  {actorBadge(entry) && (
                    <span className="ml-1.5 text-xs text-zinc-500">{actorBadge(entry)}</span>
                  )}
                </TableCell>
                <TableCell className="font-mono text-xs">{entry.action}</TableCell>
                <TableCell className="max-w-56 truncate text-xs" title={targetOf(entry)}>
                  <AuditTarget entry={entry} />
                </TableCell>
                <TableCell>
                  <Badge tone={RESULT_TONE[entry.result]}>{entry.result}</Badge>
                </TableCell>
                <TableCell className="text-xs text-zinc-500">{entry.ip ?? ""}</TableCell>
              </TableRow>
              {expanded === entry.seq && (
                <TableRow tone="neutral">
                  <TableCell colSpan={6} className="py-3">
                    <EntryDetails entry={entry} />
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          ))}
        </TableBody>
      </Table>
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

/** The target's type, and its id as a link to it (clicking it does not open the row's details). */
function AuditTarget({ entry }: { entry: AuditEntryView }) {
  const href = auditTargetHref(entry);
  if (!href || !entry.targetId) return <>{targetOf(entry)}</>;
  return (
    <>
      {entry.targetType}{" "}
      <Link
        href={href}
        onClick={(e) => e.stopPropagation()}
        className="font-mono text-sky-700 hover:underline dark:text-sky-400"
        data-testid="audit-target-link"
      >
        {shortTargetId(entry.targetId)}
      </Link>
    </>
  );
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
