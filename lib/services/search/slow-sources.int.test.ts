// A hung Alertmanager and a hung Jaeger do not hold the search back: each is left behind at its budget
// and named, and the database's kinds answer. Its own file, since the upstreams are configured once per
// process from the environment.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createRunbook } from "@/lib/services/runbooks";
import { contextFor } from "@/tests/support/actors";
import { search, SOURCE_BUDGET_MS } from ".";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

/** Accepts connections and never answers. */
const hung = createServer(() => {});
await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
process.env.ALERTMANAGER_URL = url;
process.env.JAEGER_URL = url;
for (const variable of ["PROMETHEUS_URL", "KUBECONFIG", "KUBERNETES_URL"]) delete process.env[variable];

afterAll(() => {
  hung.closeAllConnections();
  hung.close();
});

describe("search with upstreams that do not answer", () => {
  it("answers within the budget with what it has (a runbook naming the trace), naming the sources it left behind", async () => {
    const responder = await contextFor("responder");
    const runbook = await createRunbook(responder, {
      title: "Hung upstream drill",
      body: `Trace ${TRACE} shows the frozen sidecar.`,
      services: [],
    });
    const started = Date.now();
    const { results, sources } = await search(responder, {
      q: TRACE,
    });
    const took = Date.now() - started;

    expect(took).toBeGreaterThanOrEqual(SOURCE_BUDGET_MS - 50);
    expect(took).toBeLessThan(SOURCE_BUDGET_MS + 3_000);
    expect(results.map((r) => r.id)).toContain(runbook.id);
    const states = Object.fromEntries(sources.map((s) => [s.kind, s.state]));
    expect(states).toMatchObject({ alert: "timed_out", trace: "timed_out", runbook: "ok", incident: "ok" });
    expect(sources.find((s) => s.kind === "alert")!.message).toMatch(/did not answer within/);
  });
});
