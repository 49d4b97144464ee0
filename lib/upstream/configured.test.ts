import { beforeEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { configuredUpstream, NotConfiguredError } from "./configured";

const KUBERNETES = { name: "kubernetes", label: "Kubernetes", variable: "KUBERNETES_URL" } as const;

// The clients are kept per process, by name: each test starts with none.
beforeEach(() => (globalThis as { __opsdeckUpstreams?: Map<string, unknown> }).__opsdeckUpstreams?.clear());

describe("configuredUpstream", () => {
  it("builds the client once, on first use, and hands out that one", () => {
    let built = 0;
    const configured = configuredUpstream(KUBERNETES, () => ({ n: ++built }));
    expect(built).toBe(0);
    const first = configured.get();
    expect(configured.require()).toBe(first);
    expect(configured.get()).toBe(first);
    expect(built).toBe(1);
  });

  it("answers null, or a 503 saying what to set, when the upstream is not configured", () => {
    let built = 0;
    const configured = configuredUpstream(KUBERNETES, () => {
      built++;
      return null;
    });
    expect(configured.get()).toBeNull();
    let error: unknown;
    try {
      configured.require();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      upstream: "kubernetes",
      kind: "unavailable",
      status: 503,
      message: "Kubernetes is not configured: set KUBERNETES_URL.",
    });
    expect(built).toBe(1);
  });

  it("is one client for every copy of the module, as Next.js's bundles each load one", async () => {
    let built = 0;
    const first = configuredUpstream(KUBERNETES, () => ({ n: ++built })).get();
    vi.resetModules();
    const again = await import("./configured");
    expect(again.configuredUpstream).not.toBe(configuredUpstream);
    expect(again.configuredUpstream(KUBERNETES, () => ({ n: ++built })).get()).toBe(first);
    expect(built).toBe(1);
  });
});
