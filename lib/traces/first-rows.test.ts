import { describe, expect, it } from "vitest";
import type { RawSpan } from "@/lib/jaeger/otlp";
import { buildTrace } from "./build";
import { FIRST_ROWS, firstPaint, firstRows, INLINE_MAX_SPANS, traceStats } from "./first-rows";
import type { TraceView } from "./model";

const T = "0af7651916cd43dd8448eb211c80319c";
const BASE = 1_764_237_600_000_000; // µs

/** A root with `size - 1` descendants: every tenth span a child of the root, the rest children of the one before, each third an error. */
function trace(size: number): TraceView {
  const spans: RawSpan[] = Array.from({ length: size }, (_, i) => ({
    traceId: T,
    spanId: (i + 1).toString(16).padStart(16, "0"),
    parentSpanId: i === 0 ? null : (i % 10 === 1 ? 1 : i).toString(16).padStart(16, "0"),
    name: `op-${i % 7}`,
    kind: 2,
    startUs: BASE + i * 10,
    endUs: BASE + (i === 0 ? size * 10 + 10 : i * 10 + 5),
    statusCode: i % 3 === 2 ? 2 : 0,
    statusMessage: "",
    extras: { attributes: {}, events: [], links: [] },
    resource: i % 2,
    scope: "test",
  }));
  return buildTrace(T, spans, [
    { service: "web", attributes: {} },
    { service: "db", attributes: {} },
  ]).view;
}

describe("firstRows", () => {
  const view = trace(50);

  it("keeps the first spans of every column, as the waterfall draws them", () => {
    const first = firstRows(view, 12);
    for (const column of [
      "spanIds",
      "parents",
      "depths",
      "serviceIdx",
      "operationIdx",
      "kinds",
      "starts",
      "durations",
      "errors",
      "descendants",
    ] as const)
      expect(first[column]).toEqual(view[column].slice(0, 12));
    expect(first.services).toEqual(view.services);
    expect(first.operations).toEqual(view.operations);
    expect(first.durationUs).toBe(view.durationUs);
  });

  it("points every parent inside the rows it keeps", () => {
    const first = firstRows(view, 12);
    first.parents.forEach((p, i) => expect(p).toBeLessThan(i));
  });

  it("keeps the critical path's sections of the kept spans only", () => {
    const first = firstRows(view, 12);
    expect(view.critical.length).toBeGreaterThan(first.critical.length);
    for (let k = 0; k < first.critical.length; k += 3) expect(first.critical[k]).toBeLessThan(12);
    const kept = [];
    for (let k = 0; k < view.critical.length; k += 3)
      if (view.critical[k]! < 12) kept.push(...view.critical.slice(k, k + 3));
    expect(first.critical).toEqual(kept);
  });
});

describe("traceStats", () => {
  it("counts spans and errors and finds the deepest span", () => {
    const view = trace(30);
    expect(traceStats(view)).toEqual({
      spanCount: 30,
      errorCount: view.errors.filter((e) => e === 1).length,
      maxDepth: Math.max(...view.depths),
    });
    expect(traceStats(view).errorCount).toBe(10);
  });
});

describe("firstPaint", () => {
  it("sends a small view whole", () => {
    const view = trace(INLINE_MAX_SPANS);
    const paint = firstPaint(view);
    expect(paint.complete).toBe(true);
    expect(paint.view).toBe(view);
    expect(paint.stats.spanCount).toBe(INLINE_MAX_SPANS);
  });

  it("sends a bigger one as its first rows, with the whole view's numbers", () => {
    const view = trace(INLINE_MAX_SPANS + 1);
    const paint = firstPaint(view);
    expect(paint.complete).toBe(false);
    expect(paint.view.spanIds).toEqual(view.spanIds.slice(0, FIRST_ROWS));
    expect(paint.stats).toEqual(traceStats(view));
  });
});
