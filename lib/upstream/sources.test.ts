import { describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { SharedResultCache } from "./cache";
import { fromUpstream } from "./sources";

const client = { answer: () => Promise.resolve(42) };

describe("fromUpstream", () => {
  it("says what to set when there is no client, without loading", async () => {
    let loaded = false;
    const result = await fromUpstream(null, "Set KUBERNETES_URL to see rollouts.", () => {
      loaded = true;
      return new SharedResultCache().get("k", 1_000, () => Promise.resolve(1));
    });
    expect(result).toEqual({
      value: null,
      source: { state: "not_configured", message: "Set KUBERNETES_URL to see rollouts." },
    });
    expect(loaded).toBe(false);
  });

  it("gives the value with its age, and the last good value marked stale when the upstream fails", async () => {
    const cache = new SharedResultCache();
    const fresh = await fromUpstream(client, "unused", (c) => cache.get("k", 0, c.answer));
    expect(fresh.value).toBe(42);
    expect(fresh.source).toEqual({ state: "ok", asOf: expect.any(String) });

    const down = new UpstreamError("kubernetes", "unavailable", "Kubernetes at https://k8s is unreachable.");
    const stale = await fromUpstream(client, "unused", () => cache.get("k", 0, () => Promise.reject(down)));
    expect(stale.value).toBe(42);
    // The age is that of the last good value.
    expect(stale.source).toEqual({ ...fresh.source, state: "stale", message: down.message });
  });

  it("turns an upstream failure without a last good value into 'unavailable', and passes bugs on", async () => {
    const down = new UpstreamError("kubernetes", "timeout", "Kubernetes did not answer within 10s.");
    const cache = new SharedResultCache();
    expect(await fromUpstream(client, "unused", () => cache.get("a", 0, () => Promise.reject(down)))).toEqual(
      {
        value: null,
        source: { state: "unavailable", message: down.message },
      },
    );
    const bug = new TypeError("x is undefined");
    await expect(
      fromUpstream(client, "unused", () => cache.get("b", 0, () => Promise.reject(bug))),
    ).rejects.toBe(bug);
  });
});
