// The search service on real PostgreSQL: the catalog's services, incidents and runbooks found and ranked,
// the upstreams that are not configured reported per source, and the kinds a role may not read left out.
import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UnauthenticatedError, ValidationError } from "@/lib/errors";
import { anonymousContext } from "@/lib/services/context";
import { updateServiceMeta } from "@/lib/services/health/catalog";
import { declareIncident } from "@/lib/services/incidents";
import { createRunbook } from "@/lib/services/runbooks";
import { contextFor } from "@/tests/support/actors";
import { search } from ".";

for (const variable of ["ALERTMANAGER_URL", "PROMETHEUS_URL", "JAEGER_URL", "KUBECONFIG", "KUBERNETES_URL"])
  delete process.env[variable];

/** Roles the test has taken a permission from; the permission table otherwise as it is. */
const revoked = vi.hoisted(() => new Map<string, Set<string>>());
vi.mock("@/lib/auth/permissions", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/permissions")>();
  return {
    ...original,
    can: (role: Parameters<typeof original.can>[0], permission: Parameters<typeof original.can>[1]) =>
      !revoked.get(role)?.has(permission) && original.can(role, permission),
  };
});
afterEach(() => revoked.clear());

/** A word no other test writes, in letters only (a word of its own for PostgreSQL's parser). */
const word = (prefix: string) =>
  prefix + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");

async function seed() {
  const tag = word("zq");
  const operator = await contextFor("operator");
  const service = `${tag}-payments`;
  await updateServiceMeta(operator, service, { ownerTeam: "payments", expectedVersion: 0 });
  const incident = await declareIncident(operator, {
    title: `Card payments fail at ${tag}`,
    severity: "SEV2",
    summary: "The provider answers 503.",
  });
  const runbook = await createRunbook(operator, {
    title: `Payment provider failover`,
    body: `Switch ${tag} to the fallback provider, then watch the error ratio.`,
    services: [],
  });
  return { tag, service, incident, runbook };
}

describe("search", () => {
  it("finds a service by its name, an incident and a runbook by their words, best first", async () => {
    const { tag, service, incident, runbook } = await seed();
    const viewer = await contextFor("viewer");

    const { results, sources } = await search(viewer, { q: service });
    expect(results[0]).toMatchObject({
      kind: "service",
      id: service,
      href: `/services/${service}`,
      score: 1,
    });
    expect(results[0]!.subtitle).toContain("owned by payments");

    // The tag is the start of the service's name and a word of the incident and the runbook.
    const byTag = await search(viewer, { q: tag });
    expect(byTag.results.map((r) => [r.kind, r.id])).toEqual(
      expect.arrayContaining([
        ["service", service],
        ["incident", incident.id],
        ["runbook", runbook.id],
      ]),
    );
    expect(byTag.results[0]!.kind).toBe("service");
    const incidentHit = byTag.results.find((r) => r.kind === "incident")!;
    expect(incidentHit).toMatchObject({ href: `/incidents/${incident.number}`, status: "investigating" });
    expect(incidentHit.snippet).toContain(`\u0001${tag}\u0002`);

    // Upstreams that are not configured are one line each; the database's kinds answer.
    expect(Object.fromEntries(sources.map((s) => [s.kind, s.state]))).toEqual({
      service: "not_configured",
      alert: "not_configured",
      deployment: "not_configured",
      incident: "ok",
      runbook: "ok",
    });
  });

  it("matches plain words as prefixes as one types, and an incident by its number", async () => {
    const { tag, incident, runbook } = await seed();
    const viewer = await contextFor("viewer");
    const typing = await search(viewer, { q: tag.slice(0, 6) });
    expect(typing.results.map((r) => r.id)).toContain(runbook.id);

    const byNumber = await search(viewer, { q: `#${incident.number}` });
    expect(byNumber.results[0]).toMatchObject({ kind: "incident", id: incident.id, score: 1 });
  });

  it('finds a word from a typed start that English stemming rewrites (a last "y" becomes "i")', async () => {
    const operator = await contextFor("operator");
    const name = word("zqby");
    const runbook = await createRunbook(operator, {
      title: "Drain a node",
      body: `Cordon ${name} before the upgrade.`,
      services: [],
    });
    const viewer = await contextFor("viewer");
    for (const typed of [name.slice(0, 4), name]) {
      const { results } = await search(viewer, { q: typed });
      const hit = results.find((r) => r.id === runbook.id);
      expect(hit, `"${typed}" finds the runbook`).toBeDefined();
      expect(hit!.snippet, `"${typed}" marks the word`).toContain(`\u0001${name}\u0002`);
    }
  });

  it('finds a word at every letter as one types it, though its stem is shorter ("running" is indexed as "run")', async () => {
    const operator = await contextFor("operator");
    const name = `${word("zq")}ing`;
    const runbook = await createRunbook(operator, {
      title: "Restart the workers",
      body: `Restart the ${name} pods, one at a time.`,
      services: [],
    });
    const incident = await declareIncident(operator, {
      title: "Workers stuck",
      severity: "SEV3",
      summary: `The ${name} pods stopped taking jobs.`,
    });
    const viewer = await contextFor("viewer");
    for (let letters = 3; letters <= name.length; letters++) {
      const typed = name.slice(0, letters);
      const { results } = await search(viewer, { q: typed });
      for (const id of [runbook.id, incident.id]) {
        const hit = results.find((r) => r.id === id);
        expect(hit, `"${typed}" finds ${id}`).toBeDefined();
        expect(hit!.snippet, `"${typed}" marks the word`).toContain(`\u0001${name}\u0002`);
      }
    }
  });

  it("asks Jaeger for a pasted trace id, and says when it cannot", async () => {
    const viewer = await contextFor("viewer");
    const { results, sources } = await search(viewer, { q: "4bf92f3577b34da6a3ce929d0e0e4736" });
    expect(results.filter((r) => r.kind === "trace")).toEqual([]);
    expect(sources.find((s) => s.kind === "trace")).toMatchObject({ state: "not_configured" });
  });

  it("leaves out the kinds a role may not read, in the service and not only in the UI", async () => {
    const { tag, incident, runbook } = await seed();
    revoked.set("viewer", new Set(["incidents:read", "services:read"]));
    const viewer = await contextFor("viewer");
    const { results, sources } = await search(viewer, { q: tag });
    expect(results.map((r) => r.kind)).not.toContain("incident");
    expect(results.map((r) => r.kind)).not.toContain("service");
    expect(results.map((r) => r.id)).not.toContain(incident.id);
    expect(results.map((r) => r.id)).toContain(runbook.id);
    expect(sources.map((s) => s.kind).sort()).toEqual(["alert", "deployment", "runbook"]);
  });

  it("refuses anonymous callers and a query too short to search", async () => {
    await expect(search(anonymousContext(), { q: "payments" })).rejects.toBeInstanceOf(UnauthenticatedError);
    const viewer = await contextFor("viewer");
    await expect(search(viewer, { q: "x" })).rejects.toBeInstanceOf(ValidationError);
    await expect(search(viewer, { q: "payments", limit: "0" })).rejects.toBeInstanceOf(ValidationError);
  });
});
