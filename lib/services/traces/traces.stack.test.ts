// Traces against the real Jaeger of the test stack, fed by the demo fleet's OpenTelemetry SDKs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError, ValidationError } from "@/lib/errors";
import { jaeger } from "@/lib/jaeger/client";
import { anonymousContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { startComponent, stopComponent, waitFor } from "@/tests/support/stack";
import {
  compare,
  getTrace,
  getTraceDetails,
  listOperations,
  listTraceServices,
  searchTraces,
  serviceDependencies,
} from ".";

afterAll(() => startComponent("jaeger"));

const recent = () => ({ start: new Date(Date.now() - 15 * 60_000), end: new Date() });

// Each fleet service exports its spans in its own batches, and Jaeger keeps them in memory only (other
// suites restart it), so the newest traces, or those that straddle a restart, may be missing spans.
// Traces that began after the whole fleet was seen, and ended a few export delays ago, are whole.
let since = new Date();
const settled = () => ({ start: since, end: new Date(Math.max(Date.now() - 3_000, since.getTime() + 1)) });

// Asked of Jaeger's client directly: the service caches these lists for 30 s, and the tests' first reads
// should find the fleet's whole shape (Jaeger may have been restarted just before this file).
beforeAll(async () => {
  await waitFor("the fleet and web's operations in Jaeger", async () => {
    const services = await jaeger()!.services();
    const operations = (await jaeger()!.operations("web")).map((o) => o.name);
    const whole =
      ["web", "checkout", "payments", "inventory", "recommendations"].every((s) => services.includes(s)) &&
      ["GET /", "GET /product/:id", "POST /checkout"].every((o) => operations.includes(o));
    return whole || undefined;
  });
  since = new Date();
});

describe("traces from Jaeger", () => {
  it("finds the fleet's checkout traces by service and operation, and opens one whole", async () => {
    const viewer = await contextFor("viewer");
    const { services } = await listTraceServices(viewer);
    expect(services).toEqual(
      expect.arrayContaining(["web", "checkout", "payments", "inventory", "recommendations"]),
    );
    const { operations } = await listOperations(viewer, "web");
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(["POST /checkout", "GET /product/:id"]),
    );

    const found = await waitFor("checkout traces", async () => {
      const r = await searchTraces(viewer, {
        service: "web",
        operation: "POST /checkout",
        limit: 5,
        ...settled(),
      });
      return r.traces.length >= 2 ? r : undefined;
    });
    for (const t of found.traces) {
      expect(t).toMatchObject({ rootService: "web", rootOperation: "POST /checkout" });
      expect(t.services.map((s) => s.name).sort()).toEqual(["checkout", "inventory", "payments", "web"]);
    }

    const summary = found.traces[0]!;
    const { trace, source } = await getTrace(viewer, summary.traceId);
    expect(source.state).toBe("ok");
    expect(trace.spanIds).toHaveLength(summary.spanCount);
    const name = (i: number) =>
      `${trace.services[trace.serviceIdx[i]!]} ${trace.operations[trace.operationIdx[i]!]}`;
    // web's server span is the root; checkout's server span hangs under web's client span; payments under checkout's.
    expect(name(0)).toBe("web POST /checkout");
    const orders = trace.spanIds.findIndex(
      (_, i) => name(i) === "checkout POST /orders" && trace.kinds[i] === 2,
    );
    expect(orders).toBeGreaterThan(0);
    expect(name(trace.parents[orders]!)).toBe("web POST /orders");
    expect(trace.kinds[trace.parents[orders]!]).toBe(3);
    const charge = trace.spanIds.findIndex(
      (_, i) => name(i) === "payments POST /charge" && trace.kinds[i] === 2,
    );
    expect(name(trace.parents[charge]!)).toBe("checkout POST /charge");
    expect(trace.depths[charge]).toBeGreaterThan(trace.depths[orders]!);
    expect(trace.descendants[0]).toBe(summary.spanCount - 1);
    // The details come separately, in the view's order: the charge span's are the payments server's.
    const { details } = await getTraceDetails(viewer, summary.traceId);
    expect(details.spanCount).toBe(summary.spanCount);
    expect(JSON.parse(details.details[charge]!)).toMatchObject({
      attributes: { "http.request.method": "POST", "http.response.status_code": expect.any(Number) },
    });
    expect(JSON.parse(details.resources[details.resourceIdx[charge]!]!)).toMatchObject({
      "service.name": "payments",
    });
    // The card network call is the slowest work of a checkout: on the critical path.
    const onPath = new Set<number>();
    for (let k = 0; k < trace.critical.length; k += 3) onPath.add(trace.critical[k]!);
    expect(onPath.has(0)).toBe(true);
    expect(onPath.has(charge)).toBe(true);

    const other = found.traces[1]!;
    const diff = await compare(viewer, { a: summary.traceId, b: other.traceId });
    expect(diff.rows[0]).toMatchObject({ service: "web", operation: "POST /checkout", countA: 1, countB: 1 });
    expect(diff.rows.length).toBeGreaterThanOrEqual(7);
  });

  it("narrows a search by attribute", async () => {
    const viewer = await contextFor("viewer");
    const all = await searchTraces(viewer, { service: "web", limit: 40, ...recent() });
    expect(new Set(all.traces.map((t) => t.rootOperation)).size).toBeGreaterThan(1);
    const product = await waitFor("a settled product trace", async () => {
      const r = await searchTraces(viewer, {
        service: "web",
        limit: 40,
        attributes: ["http.route=/product/:id"],
        ...settled(),
      });
      return r.traces.length > 0 ? r : undefined;
    });
    expect(product.attributeFilteredLocally).toBe(true);
    expect(product.traces.every((t) => t.rootOperation === "GET /product/:id")).toBe(true);
    const none = await searchTraces(viewer, {
      service: "web",
      limit: 10,
      attributes: ["http.route=/nowhere"],
      ...recent(),
    });
    expect(none.traces).toEqual([]);
  });

  it("derives who calls whom from recent traces", async () => {
    const viewer = await contextFor("viewer");
    const wanted = ["web->checkout", "web->recommendations", "web->inventory", "checkout->payments"];
    // The newest traces can still miss a service's spans; the graph (cached 30 s) fills in as they land.
    const graph = await waitFor("every edge of the fleet", async () => {
      const g = await serviceDependencies(viewer, { lookbackMinutes: 15 });
      const found = new Set(g.edges.map((e) => `${e.caller}->${e.callee}`));
      return wanted.every((e) => found.has(e)) ? g : undefined;
    });
    const edges = graph.edges.map((e) => `${e.caller}->${e.callee}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "web->checkout",
        "web->recommendations",
        "web->inventory",
        "checkout->payments",
        "checkout->inventory",
      ]),
    );
    const layer = Object.fromEntries(graph.services.map((s) => [s.name, s.layer]));
    expect(layer.web).toBe(0);
    expect(layer.payments).toBeGreaterThan(layer.checkout!);
  });

  it("refuses bad input clearly and anonymous callers", async () => {
    const viewer = await contextFor("viewer");
    await expect(getTrace(viewer, "not-a-trace")).rejects.toThrow(ValidationError);
    await expect(searchTraces(viewer, { service: "", attributes: ["novalue"] })).rejects.toMatchObject({
      fields: { service: ["choose a service"], "attributes.0": [expect.stringContaining("key=value")] },
    });
    await expect(searchTraces(viewer, { service: "web", minDuration: "soon" })).rejects.toThrow(
      ValidationError,
    );
    await expect(getTrace(viewer, "0".repeat(31) + "1")).rejects.toThrow(/Jaeger has no trace/);
    await expect(listTraceServices(anonymousContext())).rejects.toMatchObject({ status: 401 });
  });

  it("keeps showing an opened trace, marked stale, while Jaeger is down; explains what it cannot show", async () => {
    const viewer = await contextFor("viewer");
    const { traces } = await searchTraces(viewer, { service: "web", limit: 1, ...recent() });
    const id = traces[0]!.traceId;
    await getTrace(viewer, id);
    await stopComponent("jaeger");
    await new Promise((r) => setTimeout(r, 21_000)); // past the view's 20 s freshness
    const stale = await getTrace(viewer, id);
    expect(stale.source).toMatchObject({ state: "stale", message: expect.stringMatching(/Jaeger/) });
    expect(stale.trace.traceId).toBe(id);
    const failure = await searchTraces(viewer, { service: "web", ...recent() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).message).toMatch(/Jaeger/);
    await startComponent("jaeger");
  });
});
