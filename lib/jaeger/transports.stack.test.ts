// Whole traces from the real Jaeger of the test stack over both transports: its gRPC query API (protobuf,
// streamed) and /api/v3 (OTLP JSON) decode to the same spans and build the same view; with the gRPC
// address pointing at a closed port the trace still opens, over /api/v3. (The rest of the stack tests
// read traces over /api/v3: tests/support/stack.setup.ts sets no JAEGER_GRPC_ADDRESS.)
import net, { type AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { buildTrace } from "@/lib/traces/build";
import { withExtras } from "@/tests/support/decoded-traces";
import { stack, waitFor } from "@/tests/support/stack";
import { JaegerClient } from "./client";
import { spanExtras, type DecodedTraces } from "./otlp";

const timeoutMs = 5_000;
const overHttp = new JaegerClient({ url: stack().urls.jaeger, timeoutMs });
const overGrpc = new JaegerClient({
  url: stack().urls.jaeger,
  timeoutMs,
  grpc: { address: stack().urls.jaegerGrpc, tls: false },
});
afterAll(() => overGrpc.close());

/** A checkout trace that ended a while ago, so that all of its spans are in Jaeger. */
async function settledCheckoutTrace(): Promise<string> {
  return waitFor("a settled checkout trace", async () => {
    const end = new Date(Date.now() - 5_000);
    const found = await overHttp.findTraces({
      service: "web",
      operation: "POST /checkout",
      start: new Date(end.getTime() - 5 * 60_000),
      end,
      limit: 5,
    });
    for (const [id, spans] of found.traces)
      if (new Set(spans.map((s) => found.resources[s.resource]!.service)).size >= 4) return id;
    return undefined;
  });
}

/**
 * The trace without Jaeger's "@jaeger@warnings" span attribute: Jaeger's in-memory storage keeps the
 * adjusters' warnings on the stored spans, so each read of a trace, over either transport, carries one
 * "clock skew adjustment disabled" warning more than the read before it.
 */
function withoutWarnings(decoded: DecodedTraces | null): DecodedTraces {
  const copy = structuredClone(withExtras(decoded!));
  for (const spans of copy.traces.values())
    for (const s of spans) delete spanExtras(s).attributes["@jaeger@warnings"];
  return copy;
}

describe("whole traces over Jaeger's gRPC query API and over /api/v3", () => {
  it("decode to the same spans and build the same view", async () => {
    const id = await settledCheckoutTrace();
    const grpc = withoutWarnings(await overGrpc.trace(id));
    const http = withoutWarnings(await overHttp.trace(id));
    const spans = grpc.traces.get(id)!;
    expect(spans.length).toBeGreaterThanOrEqual(7);
    expect(new Set(grpc.resources.map((r) => r.service))).toEqual(
      new Set(["web", "checkout", "payments", "inventory"]),
    );
    expect(grpc).toEqual(http);
    const view = (d: DecodedTraces) => buildTrace(id, d.traces.get(id)!, d.resources);
    expect(view(grpc).view).toEqual(view(http).view);
    expect(view(grpc).details()).toEqual(view(http).details());
  });

  it("answers null for a trace Jaeger does not have, as /api/v3 does", async () => {
    const unknown = `${"0".repeat(31)}7`;
    expect(await overGrpc.trace(unknown)).toBeNull();
    expect(await overHttp.trace(unknown)).toBeNull();
  });

  it("opens the trace over /api/v3 when the gRPC port is closed", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const deadPort = new JaegerClient({
      url: stack().urls.jaeger,
      timeoutMs,
      grpc: { address: `127.0.0.1:${port}`, tls: false },
    });
    const id = await settledCheckoutTrace();
    const started = performance.now();
    const decoded = await deadPort.trace(id);
    expect(performance.now() - started).toBeLessThan(timeoutMs);
    expect(withoutWarnings(decoded)).toEqual(withoutWarnings(await overHttp.trace(id)));
    deadPort.close();
  });
});
