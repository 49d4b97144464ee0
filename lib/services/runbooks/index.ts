// Runbooks: Markdown, versioned on every edit (who, when, why), with history, diffs between versions
// and restore. Runbooks are matched to alerts and services so the right one comes first.
import { diffLines } from "diff";
import { db, type Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import {
  authorize,
  idOrNotFound,
  mutate,
  parseInput,
  type Actor,
  type ServiceContext,
} from "@/lib/services/context";
import { checklistSteps } from "./checklist";
import {
  restoreRunbookInput,
  runbookDiffInput,
  runbookInput,
  runbookListInput,
  updateRunbookInput,
} from "./schemas";

export type RunbookSummary = {
  id: string;
  title: string;
  services: string[];
  alertNames: string[];
  tags: string[];
  ownerTeam: string | null;
  version: number;
  updatedAt: string;
  steps: number;
  /** Why it was listed first: it names the alert or the service asked about. */
  matches: ("alert" | "service")[];
};

export type RunbookDetail = Omit<RunbookSummary, "matches"> & {
  body: string;
  versions: { version: number; authorEmail: string; createdAt: string; note: string | null; title: string }[];
};

type Row = Awaited<ReturnType<ReturnType<typeof db>["runbook"]["findFirstOrThrow"]>>;
type VersionRow = Awaited<ReturnType<ReturnType<typeof db>["runbookVersion"]["findFirstOrThrow"]>>;

function summary(row: Row, match: { alert?: string; service?: string } = {}): RunbookSummary {
  const matches: RunbookSummary["matches"] = [];
  if (match.alert && row.alertNames.includes(match.alert)) matches.push("alert");
  if (match.service && row.services.includes(match.service)) matches.push("service");
  return {
    id: row.id,
    title: row.title,
    services: row.services,
    alertNames: row.alertNames,
    tags: row.tags,
    ownerTeam: row.ownerTeam,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    steps: checklistSteps(row.body).length,
    matches,
  };
}

/** All runbooks; with an alert or a service, the ones that name it come first (the alert counts most). */
export async function listRunbooks(ctx: ServiceContext, raw: unknown): Promise<RunbookSummary[]> {
  authorize(ctx, "runbooks:read");
  const input = parseInput(runbookListInput, raw);
  const rows = await db().runbook.findMany({
    where: input.q
      ? {
          OR: [
            { title: { contains: input.q, mode: "insensitive" } },
            { tags: { has: input.q } },
            { services: { has: input.q } },
            { alertNames: { has: input.q } },
          ],
        }
      : {},
    orderBy: { title: "asc" },
    take: 500,
  });
  const score = (r: RunbookSummary) =>
    (r.matches.includes("alert") ? 2 : 0) + (r.matches.includes("service") ? 1 : 0);
  return rows
    .map((r) => summary(r, input))
    .sort((a, b) => score(b) - score(a) || a.title.localeCompare(b.title));
}

export async function getRunbook(ctx: ServiceContext, id: string): Promise<RunbookDetail> {
  authorize(ctx, "runbooks:read");
  const row = await db().runbook.findUnique({
    where: { id: idOrNotFound(id, "runbook") },
    include: { versions: { orderBy: { version: "desc" } } },
  });
  if (!row) throw new NotFoundError("No such runbook.");
  return detail(row);
}

async function writeVersion(tx: Tx, runbook: Row, actor: Actor, note: string | undefined) {
  await tx.runbookVersion.create({
    data: {
      runbookId: runbook.id,
      version: runbook.version,
      title: runbook.title,
      body: runbook.body,
      services: runbook.services,
      alertNames: runbook.alertNames,
      tags: runbook.tags,
      ownerTeam: runbook.ownerTeam,
      authorId: actor.userId,
      authorEmail: actor.email,
      note: note ?? null,
    },
  });
}

export function createRunbook(ctx: ServiceContext, raw: unknown): Promise<RunbookDetail> {
  return mutate(
    ctx,
    { action: "runbook.create", permission: "runbooks:write", input: runbookInput, targetType: "runbook" },
    raw,
    async (tx, input, actor, audit) => {
      const { note, ...fields } = input;
      const runbook = await tx.runbook.create({ data: fields });
      audit.targetId = runbook.id;
      audit.params = { title: input.title, services: input.services, alertNames: input.alertNames };
      await writeVersion(tx, runbook, actor, note ?? "Created");
      return getRunbookIn(tx, runbook.id);
    },
  );
}

async function getRunbookIn(tx: Tx, id: string): Promise<RunbookDetail> {
  const row = await tx.runbook.findUniqueOrThrow({
    where: { id },
    include: { versions: { orderBy: { version: "desc" } } },
  });
  return detail(row);
}

function detail(row: Row & { versions: VersionRow[] }): RunbookDetail {
  const { matches: _matches, ...rest } = summary(row);
  return {
    ...rest,
    body: row.body,
    versions: row.versions.map((v) => ({
      version: v.version,
      authorEmail: v.authorEmail,
      createdAt: v.createdAt.toISOString(),
      note: v.note,
      title: v.title,
    })),
  };
}

/** Saves an edit as a new version; refused if someone saved another version since `expectedVersion`. */
export function updateRunbook(ctx: ServiceContext, id: string, raw: unknown): Promise<RunbookDetail> {
  return mutate(
    ctx,
    {
      action: "runbook.update",
      permission: "runbooks:write",
      input: updateRunbookInput,
      targetType: "runbook",
    },
    raw,
    async (tx, input, actor, audit) => {
      const runbookId = idOrNotFound(id, "runbook");
      audit.targetId = runbookId;
      const { expectedVersion, note, ...fields } = input;
      const updated = await tx.runbook.updateMany({
        where: { id: runbookId, version: expectedVersion },
        data: { ...fields, version: { increment: 1 } },
      });
      if (updated.count === 0) {
        const current = await tx.runbook.findUnique({ where: { id: runbookId } });
        if (!current) throw new NotFoundError("No such runbook.");
        throw new ConflictError(
          `Someone saved version ${current.version} of “${current.title}” since you opened version ${expectedVersion}. Reload, compare, and apply your change again.`,
        );
      }
      const runbook = await tx.runbook.findUniqueOrThrow({ where: { id: runbookId } });
      audit.params = { title: input.title, version: runbook.version, note };
      await writeVersion(tx, runbook, actor, note);
      return getRunbookIn(tx, runbookId);
    },
  );
}

/** Makes an older version current again, as a new version. */
export function restoreRunbook(ctx: ServiceContext, id: string, raw: unknown): Promise<RunbookDetail> {
  return mutate(
    ctx,
    {
      action: "runbook.restore",
      permission: "runbooks:write",
      input: restoreRunbookInput,
      targetType: "runbook",
    },
    raw,
    async (tx, input, actor, audit) => {
      const runbookId = idOrNotFound(id, "runbook");
      audit.targetId = runbookId;
      const old = await tx.runbookVersion.findUnique({
        where: { runbookId_version: { runbookId, version: input.version } },
      });
      if (!old) throw new NotFoundError(`This runbook has no version ${input.version}.`);
      const updated = await tx.runbook.updateMany({
        where: { id: runbookId, version: input.expectedVersion },
        data: {
          title: old.title,
          body: old.body,
          services: old.services,
          alertNames: old.alertNames,
          tags: old.tags,
          ownerTeam: old.ownerTeam,
          version: { increment: 1 },
        },
      });
      if (updated.count === 0)
        throw new ConflictError("Someone saved a newer version meanwhile. Reload and try again.");
      const runbook = await tx.runbook.findUniqueOrThrow({ where: { id: runbookId } });
      await writeVersion(tx, runbook, actor, `Restored version ${input.version}`);
      audit.params = { restoredVersion: input.version, newVersion: runbook.version };
      return getRunbookIn(tx, runbookId);
    },
  );
}

export type DiffPart = { kind: "added" | "removed" | "same"; text: string };

/** Line diff of the body between two versions. */
export async function diffRunbook(
  ctx: ServiceContext,
  id: string,
  raw: unknown,
): Promise<{ from: number; to: number; titleChanged: boolean; parts: DiffPart[] }> {
  authorize(ctx, "runbooks:read");
  const runbookId = idOrNotFound(id, "runbook");
  const { from, to } = parseInput(runbookDiffInput, raw);
  const versions = await db().runbookVersion.findMany({ where: { runbookId, version: { in: [from, to] } } });
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  if (!a || !b) throw new NotFoundError(`This runbook has no version ${!a ? from : to}.`);
  const parts = diffLines(a.body, b.body).map(
    (p) => ({ kind: p.added ? "added" : p.removed ? "removed" : "same", text: p.value }) as DiffPart,
  );
  return { from, to, titleChanged: a.title !== b.title, parts };
}
