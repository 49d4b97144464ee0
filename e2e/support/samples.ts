// Sample data for specs that visit the main pages (screenshots, the Content-Security-Policy check): an
// incident with a timeline and a checklist, a runbook, and checkout traces from the demo fleet.
import { expect, type APIResponse } from "@playwright/test";
import { apiAs } from "./fixtures";

/** An incident with a timeline and a runbook with a checklist, so their pages have something to show. */
export async function sampleIncident(): Promise<{ incident: number; runbook: string }> {
  const api = await apiAs("admin");
  const ok = async (response: APIResponse) => {
    if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
    return response.json() as Promise<Record<string, { id: string; number: number }>>;
  };
  const { runbook } = await ok(
    await api.post("/api/runbooks", {
      data: {
        title: "Checkout: payment provider errors",
        services: ["checkout", "payments"],
        alertNames: ["HighErrorRatio"],
        ownerTeam: "payments",
        body: "When the provider fails, checkout fails.\n\n## Checklist\n\n- [ ] Check the provider's status page\n- [ ] Switch to the fallback provider\n- [ ] Post a status update\n",
      },
    }),
  );
  const { incident } = await ok(
    await api.post("/api/incidents", {
      data: {
        title: "Card payments fail for 30% of orders",
        severity: "SEV2",
        services: ["checkout", "payments"],
        summary: "Provider returns 503 since 14:02 UTC.",
      },
    }),
  );
  await ok(await api.post(`/api/incidents/${incident!.number}/roles`, { data: { role: "commander" } }));
  await ok(
    await api.post(`/api/incidents/${incident!.number}/notes`, {
      data: { body: "Provider status page confirms a partial outage." },
    }),
  );
  await ok(
    await api.post(`/api/incidents/${incident!.number}/checklists`, { data: { runbookId: runbook!.id } }),
  );
  await api.dispose();
  return { incident: incident!.number, runbook: runbook!.id };
}

/** The slowest and the fastest recent checkout through web, for the trace pages. */
export async function checkoutTraces(): Promise<[string, string]> {
  const api = await apiAs("admin");
  const search = new URLSearchParams({
    service: "web",
    operation: "POST /checkout",
    from: "now-15m",
    to: "now",
    limit: "50",
  });
  type Found = { traces: { traceId: string; durationUs: number }[] };
  let traces: Found["traces"] = [];
  // On a fresh stack the first checkouts may be seconds away.
  await expect
    .poll(
      async () => {
        traces = ((await (await api.get(`/api/traces?${search}`)).json()) as Found).traces;
        return traces.length;
      },
      { message: "two checkout traces in Jaeger", timeout: 60_000, intervals: [5_000] },
    )
    .toBeGreaterThanOrEqual(2);
  await api.dispose();
  const sorted = [...traces].sort((a, b) => b.durationUs - a.durationUs);
  return [sorted[0]!.traceId, sorted.at(-1)!.traceId];
}
