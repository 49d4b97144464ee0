// Helpers for tests against the real stack (tests/support/stack.global-setup.ts): fault knobs, component
// control, and waiting until Prometheus, Alertmanager or Jaeger show something.
import { inject } from "vitest";
import type { FaultsByRevision, FaultsUpdate } from "@/stack/fleet/faults";
import type { FleetService } from "@/stack/fleet/topology";
import type { ComponentName, ComponentStatus } from "@/stack/stack";

export const stack = () => inject("stack");

/** Turns a demo service's fault knobs, for its stable, its canary or both (the default). */
export async function setFaults(service: FleetService, faults: FaultsUpdate): Promise<FaultsByRevision> {
  const response = await fetch(`${stack().urls.fleet[service]}/admin/faults`, {
    method: "PUT",
    body: JSON.stringify(faults),
    headers: { "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`${service} refused faults: ${response.status} ${await response.text()}`);
  return (await response.json()) as FaultsByRevision;
}

export async function clearFaults() {
  const services: FleetService[] = ["web", "checkout", "payments", "inventory", "recommendations"];
  await Promise.all(services.map((s) => setFaults(s, { errorRate: 0, latencyMs: 0 })));
}

async function control(path: string, method = "POST"): Promise<unknown> {
  const response = await fetch(`${stack().controlUrl}${path}`, { method });
  if (!response.ok) throw new Error(`stack control ${path}: ${await response.text()}`);
  return response.json();
}

export const stopComponent = (name: ComponentName) =>
  control(`/components/${encodeURIComponent(name)}/stop`) as Promise<ComponentStatus>;
export const startComponent = (name: ComponentName) =>
  control(`/components/${encodeURIComponent(name)}/start`) as Promise<ComponentStatus>;
/** Freezes a component (SIGSTOP): it accepts connections and answers nothing, like a hung server. */
export const pauseComponent = (name: ComponentName) =>
  control(`/components/${encodeURIComponent(name)}/pause`) as Promise<ComponentStatus>;
export const resumeComponent = (name: ComponentName) =>
  control(`/components/${encodeURIComponent(name)}/resume`) as Promise<ComponentStatus>;
export const stackStatus = () => control("/status", "GET") as Promise<ComponentStatus[]>;

/** Polls `probe` until it returns something other than undefined, or fails after the timeout. */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 120_000, intervalMs = 1_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${description}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`,
  );
}

export type PromSample = { metric: Record<string, string>; value: [number, string] };

export async function promQuery(expr: string): Promise<PromSample[]> {
  const response = await fetch(`${stack().urls.prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as { status: string; data: { result: PromSample[] }; error?: string };
  if (body.status !== "success") throw new Error(`PromQL failed: ${body.error}`);
  return body.data.result;
}

/** Waits until `expr` returns a sample for which `predicate` holds; returns that sample. */
export function waitForPromSample(
  expr: string,
  predicate: (value: number, metric: Record<string, string>) => boolean,
  timeoutMs = 120_000,
) {
  return waitFor(
    `${expr} to match`,
    async () => (await promQuery(expr)).find((s) => predicate(Number(s.value[1]), s.metric)),
    { timeoutMs, intervalMs: 2_000 },
  );
}
