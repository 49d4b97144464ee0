// Reading the audit log: keyset pages (fast at any depth: `seq < cursor` on an index), CSV export,
// and the chain check behind `npm run audit:verify`.
import { stringify } from "csv-stringify/sync";
import { verifyAuditChain, type VerifyReport } from "@/lib/audit/verify";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { auditFilterInput, auditPageInput, type AuditFilter } from "./schemas";

export type AuditEntryView = {
  seq: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  authMethod: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  params: unknown;
  result: "success" | "denied" | "failed";
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditPage = { entries: AuditEntryView[]; nextCursor: string | null };

function where(filter: AuditFilter, before?: bigint): Prisma.AuditEntryWhereInput {
  return {
    ...(before !== undefined && { seq: { lt: before } }),
    ...(filter.actor && { actorEmail: filter.actor.toLowerCase() }),
    // "user." matches every user action; "user.invite" just that one.
    ...(filter.action &&
      (filter.action.endsWith(".") ? { action: { startsWith: filter.action } } : { action: filter.action })),
    ...(filter.targetType && { targetType: filter.targetType }),
    ...(filter.targetId && { targetId: filter.targetId }),
    ...(filter.result && { result: filter.result }),
    ...((filter.from || filter.to) && {
      at: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) },
    }),
  };
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["auditEntry"]["findFirstOrThrow"]>>;

function view(row: Row): AuditEntryView {
  return {
    seq: row.seq.toString(),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    actorRole: row.actorRole,
    authMethod: row.authMethod,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    params: row.params,
    result: row.result,
    reason: row.reason,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

export async function listAuditEntries(ctx: ServiceContext, raw: unknown): Promise<AuditPage> {
  authorize(ctx, "audit:read");
  const input = parseInput(auditPageInput, raw);
  const rows = await db().auditEntry.findMany({
    where: where(input, input.before ? BigInt(input.before) : undefined),
    orderBy: { seq: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    entries: page.map(view),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.seq.toString() : null,
  };
}

export async function listAuditActions(ctx: ServiceContext): Promise<string[]> {
  authorize(ctx, "audit:read");
  const rows = await db().$queryRaw<{ action: string }[]>`
    with recursive actions as (
      (select action from audit_log order by action limit 1)
      union all
      select (select action from audit_log where action > actions.action order by action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null`;
  return rows.map((r) => r.action);
}

const CSV_COLUMNS = [
  "seq",
  "at",
  "actorEmail",
  "actorRole",
  "authMethod",
  "action",
  "targetType",
  "targetId",
  "result",
  "reason",
  "params",
  "requestId",
  "ip",
  "userAgent",
] as const;

/** Spreadsheets run cells starting with these as formulas; a leading quote keeps them text. */
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Streams every matching entry as CSV, newest first, one keyset batch per pull (so a slow client slows the reads). */
export function exportAuditCsv(ctx: ServiceContext, raw: unknown): ReadableStream<Uint8Array> {
  authorize(ctx, "audit:read");
  const filter = parseInput(auditFilterInput, raw);
  const encoder = new TextEncoder();
  let before: bigint | undefined;
  let first = true;

  return new ReadableStream({
    async pull(controller) {
      const rows = await db().auditEntry.findMany({
        where: where(filter, before),
        orderBy: { seq: "desc" },
        take: 1000,
      });
      const records = rows.map(view).map((v) => ({ ...v, params: JSON.stringify(v.params) }));
      controller.enqueue(
        encoder.encode(
          stringify(records, {
            header: first,
            columns: [...CSV_COLUMNS],
            cast: { string: neutraliseFormula },
          }),
        ),
      );
      first = false;
      if (rows.length < 1000) controller.close();
      else before = rows[rows.length - 1]!.seq;
    },
  });
}

/**
 * Checks the whole keyed chain, and against the newest signed checkpoint this instance took and the
 * database holds. Admin-only through the API; the CLI can also give it checkpoints from the logs.
 */
export async function verifyAudit(ctx: ServiceContext): Promise<VerifyReport> {
  authorize(ctx, "audit:read");
  return verifyAuditChain(db());
}
