// The service catalog: services discovered from Prometheus (the SERVICE_LABEL of the request metric),
// merged with what PostgreSQL knows about them (owner, tier, description, links, SLO).
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { wholeNumber } from "@/lib/validation/whole-number";
import { AnnouncedCache } from "@/lib/db/announced-cache";
import { publishChange } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { metricProfile } from "@/lib/prometheus/profile";
import { prometheus } from "@/lib/prometheus/client";
import { authorize, mutate, type ServiceContext } from "@/lib/services/context";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromUpstream, type SourceState } from "@/lib/upstream/sources";
import { deliveries } from "@/lib/services/deployments/deliveries";

export const serviceNameSchema = text().min(1).max(200);

/** Service names from URLs: one that cannot be a service's name is simply not found. */
export function serviceNameOrNotFound(raw: string): string {
  if (!serviceNameSchema.safeParse(raw).success) throw new NotFoundError("No such service.");
  return raw;
}

export const serviceMetaInput = z
  .object({
    ownerTeam: text().trim().max(100).nullable().optional(),
    tier: z.enum(["tier1", "tier2", "tier3"]).nullable().optional(),
    description: text().trim().max(2_000).nullable().optional(),
    links: z
      .array(
        z.object({
          label: text().trim().min(1).max(100),
          url: z.url({ protocol: /^https?$/, message: "Use an http(s) URL." }),
        }),
      )
      .max(20)
      .optional(),
    sloObjective: z
      .number()
      .gt(0.5, "Use a fraction such as 0.999.")
      .lt(1, "Use a fraction below 1, such as 0.999.")
      .optional(),
    sloWindowDays: z.number().int().min(1).max(365).optional(),
    /** The version the edit is based on; a newer one in the database means someone else changed it. */
    expectedVersion: wholeNumber(0),
  })
  .strict();

export type ServiceMetaView = {
  name: string;
  ownerTeam: string | null;
  tier: "tier1" | "tier2" | "tier3" | null;
  description: string | null;
  links: { label: string; url: string }[];
  sloObjective: number;
  sloWindowDays: number;
  version: number;
  updatedAt: string | null;
};

export const DEFAULT_SLO = { sloObjective: 0.999, sloWindowDays: 28 };

export function defaultMeta(name: string): ServiceMetaView {
  return {
    name,
    ownerTeam: null,
    tier: null,
    description: null,
    links: [],
    ...DEFAULT_SLO,
    version: 0,
    updatedAt: null,
  };
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["serviceMeta"]["findMany"]>>[number];

function view(row: Row): ServiceMetaView {
  return {
    name: row.name,
    ownerTeam: row.ownerTeam,
    tier: row.tier,
    description: row.description,
    links: row.links as ServiceMetaView["links"],
    sloObjective: row.sloObjective,
    sloWindowDays: row.sloWindowDays,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const cache = new SharedResultCache();

/** Names of the services Prometheus has request metrics for (cached for a minute). */
export async function discoverServices(): Promise<{ names: string[]; source: SourceState }> {
  const p = metricProfile();
  const { value, source } = await fromUpstream(
    prometheus(),
    "Set PROMETHEUS_URL to see service health.",
    (client) =>
      cache.get(`discover:${p.service}:${p.requests}`, 60_000, async () => {
        const samples = await client.instant(`count by (${p.service}) (${p.requests})`);
        return samples
          .map((s) => s.labels[p.service])
          .filter((n): n is string => !!n)
          .sort();
      }),
  );
  return { names: value ?? [], source };
}

const CATALOG_TOPIC = "service-catalog";

// Read on the hot paths (the Overview, every service page) and changed rarely: one copy per instance,
// dropped on every instance when an edit commits (lib/db/announced-cache.ts).
const holder = globalThis as unknown as { __opsdeckCatalog?: AnnouncedCache<Map<string, ServiceMetaView>> };
const catalog = () => (holder.__opsdeckCatalog ??= new AnnouncedCache(CATALOG_TOPIC));

/** The catalog's entries by service name, as last committed. */
export function cachedMetaByName(): Promise<Map<string, ServiceMetaView>> {
  return catalog().read("all", metaByName);
}

async function metaByName(): Promise<Map<string, ServiceMetaView>> {
  const rows = await db().serviceMeta.findMany();
  return new Map(rows.map((r) => [r.name, view(r)]));
}

export type CatalogEntry = ServiceMetaView & { discovered: boolean };

export async function listCatalog(
  ctx: ServiceContext,
): Promise<{ services: CatalogEntry[]; source: SourceState }> {
  authorize(ctx, "services:read");
  const [{ names, source }, meta] = await Promise.all([discoverServices(), cachedMetaByName()]);
  const all = new Set([...names, ...meta.keys()]);
  const services = [...all]
    .sort()
    .map((name) => ({ ...(meta.get(name) ?? defaultMeta(name)), discovered: names.includes(name) }));
  return { services, source };
}

/**
 * Whether a service of that name is known: in the catalog, seen by Prometheus, or delivered by a rollout
 * or canary. While Prometheus does
 * not answer (and there is no earlier answer), any name may be one, so the page is shown.
 */
export async function serviceExists(ctx: ServiceContext, name: string): Promise<boolean> {
  authorize(ctx, "services:read");
  if (!serviceNameSchema.safeParse(name).success) return false;
  const [{ names, source }, meta] = await Promise.all([discoverServices(), cachedMetaByName()]);
  // A service may also be known only as what a rollout or canary delivers (no traffic yet).
  const delivered = (deliveries()?.candidates({ service: [name] }).length ?? 0) > 0;
  return meta.has(name) || names.includes(name) || delivered || source.state === "unavailable";
}

export async function getServiceMeta(ctx: ServiceContext, name: string): Promise<ServiceMetaView> {
  authorize(ctx, "services:read");
  return (await cachedMetaByName()).get(name) ?? defaultMeta(name);
}

export async function updateServiceMeta(
  ctx: ServiceContext,
  name: string,
  raw: unknown,
): Promise<ServiceMetaView> {
  const updated = await mutate(
    ctx,
    {
      action: "service.update",
      permission: "services:write",
      input: serviceMetaInput,
      targetType: "service",
    },
    raw,
    async (tx, input, actor, audit) => {
      audit.targetId = serviceNameOrNotFound(name);
      const { expectedVersion, ...changes } = input;
      // Lock the row (if any) so that two editors are serialised and the second sees the first's version.
      const [current] = await tx.$queryRaw<
        { version: number }[]
      >`select version from service_catalog where name = ${name} for update`;
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== expectedVersion) {
        throw new ConflictError(
          `Someone else changed ${name} since you opened it (version ${currentVersion}, yours ${expectedVersion}). Reload to see their change.`,
        );
      }
      const row = await tx.serviceMeta.upsert({
        where: { name },
        create: { name, ...changes, links: changes.links ?? [], updatedById: actor.userId },
        update: { ...changes, version: { increment: 1 }, updatedById: actor.userId },
      });
      await publishChange(tx, { topic: CATALOG_TOPIC, id: name });
      return view(row);
    },
  );
  catalog().forget(); // this instance's next reader need not wait for the announcement
  return updated;
}
