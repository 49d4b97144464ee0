import { describe, expect, it } from "vitest";
import type { RawSpan } from "@/lib/jaeger/otlp";
import { buildTrace, summarize } from "./build";
import { compareTraces } from "./compare";
import { criticalPath } from "./critical-path";
import { seededRandom } from "@/stack/random";

const T = "0af7651916cd43dd8448eb211c80319c";
const BASE = 1_764_237_600_000_000; // µs

/** A span from a terse description: times in ms from the trace's start. */
function span(
  id: string,
  parent: string | null,
  service: number,
  name: string,
  startMs: number,
  endMs: number,
  error = false,
): RawSpan {
  return {
    traceId: T,
    spanId: id.padStart(16, "0"),
    parentSpanId: parent === null ? null : parent.padStart(16, "0"),
    name,
    kind: 2,
    startUs: BASE + startMs * 1000,
    endUs: BASE + endMs * 1000,
    statusCode: error ? 2 : 0,
    statusMessage: error ? "failed" : "",
    extras: { attributes: { "http.route": name }, events: [], links: [] },
    resource: service,
    scope: "test",
  };
}
const resources = ["web", "checkout", "payments"].map((service) => ({
  service,
  attributes: { "service.name": service },
}));

describe("buildTrace", () => {
  // web GET / (0-100) → checkout (10-60) → payments (20-50); web → checkout again (65-95); sent out of order.
  const spans = [
    span("4", "1", 1, "POST /checkout", 65, 95),
    span("3", "2", 2, "POST /pay", 20, 50, true),
    span("1", null, 0, "GET /", 0, 100),
    span("2", "1", 1, "POST /checkout", 10, 60),
  ];
  const built = buildTrace(T, spans, resources);
  const view = built.view;

  it("orders spans depth first with children by start, with depths, parents and subtree sizes", () => {
    expect(view.spanIds.map((id) => Number.parseInt(id, 16))).toEqual([1, 2, 3, 4]);
    expect(view.parents).toEqual([-1, 0, 1, 0]);
    expect(view.depths).toEqual([0, 1, 2, 1]);
    expect(view.descendants).toEqual([3, 1, 0, 0]);
    expect(view.services).toEqual(["web", "checkout", "payments"]);
    expect(view.serviceIdx).toEqual([0, 1, 2, 1]);
    expect(view.starts).toEqual([0, 10_000, 20_000, 65_000]);
    expect(view.durations).toEqual([100_000, 50_000, 30_000, 30_000]);
    expect(view.errors).toEqual([0, 0, 1, 0]);
    expect(view.durationUs).toBe(100_000);
    expect(view.startUnixMs).toBe(BASE / 1000);
    expect(view.warnings).toEqual([]);
  });

  it("gives each span's details in the view's order, built once", () => {
    const details = built.details();
    expect(details).toMatchObject({ traceId: T, spanCount: 4 });
    expect(JSON.parse(details.details[2]!)).toMatchObject({
      attributes: { "http.route": "POST /pay" },
      statusMessage: "failed",
    });
    expect(details.resources.map((r) => JSON.parse(r) as unknown)).toEqual([
      { "service.name": "web" },
      { "service.name": "checkout" },
      { "service.name": "payments" },
    ]);
    expect(details.resourceIdx).toEqual([0, 1, 2, 1]);
    expect(built.details()).toBe(details);
  });

  it("shows spans whose parent is missing as roots, and says so", () => {
    const partial = buildTrace(
      T,
      [span("1", null, 0, "GET /", 0, 100), span("9", "8", 1, "late", 5, 10)],
      resources,
    ).view;
    expect(partial.parents).toEqual([-1, -1]);
    expect(partial.warnings[0]).toMatch(/1 span has a parent not in this trace/);
  });

  it("survives a parent cycle in bad data, each span once", () => {
    const cyclic = buildTrace(
      T,
      [span("1", "2", 0, "a", 0, 10), span("2", "1", 0, "b", 1, 5)],
      resources,
    ).view;
    expect(cyclic.spanIds).toHaveLength(2);
    expect(new Set(cyclic.spanIds).size).toBe(2);
  });

  it("summarizes a trace for the search list", () => {
    expect(summarize(T, spans, resources)).toEqual({
      traceId: T,
      rootService: "web",
      rootOperation: "GET /",
      startUnixMs: BASE / 1000,
      durationUs: 100_000,
      spanCount: 4,
      errorCount: 1,
      services: [
        { name: "checkout", spanCount: 2, errorCount: 0 },
        { name: "payments", spanCount: 1, errorCount: 1 },
        { name: "web", spanCount: 1, errorCount: 0 },
      ],
    });
  });

  it("marks the critical path: the last-finishing child before each point, the parent's own time between", () => {
    // Walking back from 100: web 95-100, checkout#2 65-95, web 60-65, checkout#1 50-60, payments 20-50,
    // checkout#1 10-20, web 0-10.
    const sections: [number, number, number][] = [];
    for (let k = 0; k < view.critical.length; k += 3)
      sections.push([view.critical[k]!, view.critical[k + 1]! / 1000, view.critical[k + 2]! / 1000]);
    expect(sections).toEqual([
      [0, 95, 100],
      [3, 65, 95],
      [0, 60, 65],
      [1, 50, 60],
      [2, 20, 50],
      [1, 10, 20],
      [0, 0, 10],
    ]);
  });
});

describe("buildTrace on random traces", () => {
  /** The view's order the plain way: recursion, a sorted array of children per span. */
  function plainOrder(spans: RawSpan[]): { order: number[]; depth: number[] } {
    const indexById = new Map<string, number>();
    spans.forEach((s, i) => indexById.has(s.spanId) || indexById.set(s.spanId, i));
    const parentOf = spans.map((s, i) => {
      const parent = s.parentSpanId === null ? undefined : indexById.get(s.parentSpanId);
      return parent === undefined || parent === i ? -1 : parent;
    });
    const byStart = (a: number, b: number) => spans[a]!.startUs - spans[b]!.startUs || a - b;
    const children = spans.map((_, p) =>
      spans
        .map((_, i) => i)
        .filter((i) => parentOf[i] === p)
        .sort(byStart),
    );
    const order: number[] = [];
    const depth = spans.map(() => 0);
    const walk = (i: number, d: number) => {
      order.push(i);
      depth[i] = d;
      for (const kid of children[i]!) walk(kid, d + 1);
    };
    for (const root of spans
      .map((_, i) => i)
      .filter((i) => parentOf[i] === -1)
      .sort(byStart))
      walk(root, 0);
    // Spans in a parent cycle reach no root: each is shown as a root, in span order.
    const reached = new Set(order);
    spans.forEach((_, i) => reached.has(i) || order.push(i));
    return { order, depth: order.map((i) => (reached.has(i) ? depth[i]! : 0)) };
  }

  it("orders spans depth-first with children by start, as a plain recursive walk does", () => {
    const rand = seededRandom(5);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rand() * 60);
      const id = (i: number) => (i + 1).toString(16);
      const spans = Array.from({ length: n }, (_, i) => {
        const r = rand();
        // Roots, children of earlier spans, parents not in the trace, parents anywhere (cycles).
        const parent =
          r < 0.1
            ? null
            : r < 0.15
              ? "ffff" + id(i)
              : r < 0.2
                ? id(Math.floor(rand() * n))
                : id(Math.floor(rand() * i));
        const start = Math.floor(rand() * 10); // ties
        return span(
          rand() < 0.05 && i > 0 ? id(Math.floor(rand() * i)) : id(i),
          i === 0 ? null : parent,
          0,
          "op",
          start,
          start + 5,
        );
      });
      const { view } = buildTrace(T, spans, resources);
      const { order, depth } = plainOrder(spans);
      expect(view.spanIds).toEqual(order.map((i) => spans[i]!.spanId));
      expect(view.depths).toEqual(depth);
      view.parents.forEach((parent, at) => expect(parent).toBeLessThan(at));
    }
  });
});

describe("criticalPath", () => {
  it("skips a child that ran alongside the one on the path, and clips children that outlive their parent", () => {
    // root 0-100; A 10-90 and B 20-80 in parallel (A finishes last, so B is not on the path);
    // C 50-150 outlives root and is clipped to 100, so it wins the end of root.
    const columns = { parents: [-1, 0, 0, 0], starts: [0, 10, 20, 50], durations: [100, 80, 60, 100] };
    const path = criticalPath(columns);
    const spans = new Set<number>();
    for (let k = 0; k < path.length; k += 3) spans.add(path[k]!);
    expect(spans.has(2)).toBe(false);
    expect(path.slice(0, 3)).toEqual([3, 50, 100]);
    // Total time on the path equals the root's duration.
    let total = 0;
    for (let k = 0; k < path.length; k += 3) total += path[k + 2]! - path[k + 1]!;
    expect(total).toBe(100);
  });

  it("follows a chain whose spans each end a little after their parent", () => {
    // What the demo fleet's traces look like: start times rounded to the millisecond, server spans ended
    // after the answer. root 0-100; client 4-100.2; server 5-100.3 with work 7-30 and a call 40-100.1.
    const columns = {
      parents: [-1, 0, 1, 2, 2],
      starts: [0, 4, 5, 7, 40],
      durations: [100, 96.2, 95.3, 23, 60.1],
    };
    const path = criticalPath(columns);
    const spans = new Set<number>();
    for (let k = 0; k < path.length; k += 3) spans.add(path[k]!);
    expect(spans).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(path.slice(0, 3)).toEqual([4, 40, 100]);
  });

  it("walks a chain 100,000 spans deep without recursion", () => {
    const n = 100_000;
    const columns = {
      parents: Array.from({ length: n }, (_, i) => i - 1),
      starts: Array.from({ length: n }, (_, i) => i),
      durations: Array.from({ length: n }, (_, i) => 2 * (n - i)),
    };
    const path = criticalPath(columns);
    expect(path.length / 3).toBeGreaterThanOrEqual(n);
  });
});

describe("compareTraces", () => {
  const fast = buildTrace(
    T,
    [
      span("1", null, 0, "GET /", 0, 100),
      span("2", "1", 1, "POST /checkout", 10, 60),
      span("3", "2", 2, "POST /pay", 20, 50),
    ],
    resources,
  ).view;
  const slow = buildTrace(
    "1".repeat(32),
    [
      span("1", null, 0, "GET /", 0, 900),
      span("2", "1", 1, "POST /checkout", 10, 860),
      span("3", "2", 2, "POST /pay", 20, 50),
      span("4", "2", 2, "POST /pay/retry", 60, 850, true),
    ],
    resources,
  ).view;

  it("matches spans by their path of service and operation, and names what was added or changed", () => {
    const diff = compareTraces(fast, slow);
    expect(diff.rows.map((r) => [r.service, r.operation, r.status])).toEqual([
      ["web", "GET /", "changed"],
      ["checkout", "POST /checkout", "changed"],
      ["payments", "POST /pay", "same"],
      ["payments", "POST /pay/retry", "added"],
    ]);
    expect(diff).toMatchObject({ added: 1, removed: 0, changed: 2 });
    const retry = diff.rows[3]!;
    expect(retry).toMatchObject({ countA: 0, countB: 1, durationB: 790_000, errorsB: 1, depth: 2 });
    expect(compareTraces(slow, fast)).toMatchObject({ added: 0, removed: 1, changed: 2 });
  });
});
