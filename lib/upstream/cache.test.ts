import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/errors";
import { servingSince } from "./request-start";
import { LateAnswerError, SharedResultCache } from "./cache";
import { HttpUpstream } from "./http";
import { upstreamAnswered } from "./waits";

describe("SharedResultCache", () => {
  it("coalesces concurrent identical loads into one", async () => {
    const cache = new SharedResultCache();
    const load = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    });
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.get("k", 1_000, load)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 42)).toBe(true);
  });

  it("reuses a value until it expires", async () => {
    vi.useFakeTimers();
    const cache = new SharedResultCache();
    let n = 0;
    const load = async () => ++n;
    expect((await cache.get("k", 1_000, load)).value).toBe(1);
    vi.advanceTimersByTime(500);
    expect((await cache.get("k", 1_000, load)).value).toBe(1);
    vi.advanceTimersByTime(600);
    expect((await cache.get("k", 1_000, load)).value).toBe(2);
    vi.useRealTimers();
  });

  it("serves the last good value, marked stale, when the upstream fails", async () => {
    vi.useFakeTimers();
    const cache = new SharedResultCache();
    await cache.get("k", 1_000, async () => "good");
    vi.advanceTimersByTime(5_000);
    const failing = new Error("down");
    const result = await cache.get("k", 1_000, async () => {
      throw failing;
    });
    expect(result).toMatchObject({ value: "good", staleBecause: failing });
    await expect(cache.get("other", 1_000, async () => Promise.reject(failing))).rejects.toBe(failing);
    vi.useRealTimers();
  });

  it("evicts the oldest entries beyond its size", async () => {
    const cache = new SharedResultCache({ maxEntries: 2, keepStaleMs: 60_000 });
    await cache.get("a", 60_000, async () => 1);
    await cache.get("b", 60_000, async () => 2);
    await cache.get("c", 60_000, async () => 3);
    let loaded = false;
    await cache.get("a", 60_000, async () => {
      loaded = true;
      return 1;
    });
    expect(loaded).toBe(true);
  });

  it("makes every value due after a change, keeping it as the last good one", async () => {
    const cache = new SharedResultCache();
    let n = 0;
    await cache.get("k", 60_000, async () => ++n);
    cache.expireAll();
    expect((await cache.get("k", 60_000, async () => ++n)).value).toBe(2);
    cache.expireAll();
    const failing = new Error("down");
    expect(await cache.get("k", 60_000, () => Promise.reject(failing))).toMatchObject({
      value: 2,
      staleBecause: failing,
    });
  });
});

// A real upstream on loopback that can stop answering (as a SIGSTOPped server does: the connection is
// accepted, nothing comes back) and answer the held requests later.
describe("the time budget, against an upstream that stops answering", () => {
  const UPSTREAM = { name: "prometheus", label: "Test Prometheus" } as const;
  let server: http.Server;
  let base: string;
  let hung: boolean;
  let held: http.ServerResponse[];
  let requests: number;
  let answer: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests++;
      if (hung) held.push(res);
      else res.writeHead(200, { "content-type": "application/json" }).end(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hung = false;
    held = [];
    requests = 0;
    answer = '"first"';
    upstreamAnswered(UPSTREAM); // whatever an earlier test left hanging
  });

  const release = (body: string) => {
    for (const res of held.splice(0)) res.writeHead(200, { "content-type": "application/json" }).end(body);
  };
  const client = (timeoutMs = 5_000) => new HttpUpstream(UPSTREAM, { url: base, timeoutMs });
  const read = (upstream: HttpUpstream) => () =>
    upstream.request({ operation: "read", path: "value" }, (reply) => reply.json() as string);

  it("answers with the last good value and its age within the budget, and refreshes it in the background", async () => {
    const cache = new SharedResultCache({ budgetMs: 300 });
    const upstream = client();
    const first = await cache.get("k", 50, read(upstream));
    expect(first).toMatchObject({ value: "first" });
    expect(first.staleBecause).toBeUndefined();

    await new Promise((r) => setTimeout(r, 60)); // past the TTL
    hung = true;
    const started = performance.now();
    const stale = await Promise.all(Array.from({ length: 20 }, () => cache.get("k", 50, read(upstream))));
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(1_000);
    for (const answer of stale) {
      expect(answer.value).toBe("first");
      expect(answer.fetchedAt).toEqual(first.fetchedAt);
      expect(answer.staleBecause).toBeInstanceOf(LateAnswerError);
      expect(answer.staleBecause).toMatchObject({ upstream: "prometheus", kind: "timeout" });
      expect(answer.staleBecause!.message).toBe("Test Prometheus has not answered within 0.3s.");
    }
    expect(requests).toBe(2); // twenty viewers, one refresh

    // Whoever comes once the budget has passed gets the last good value at once, not after another wait.
    const later = performance.now();
    expect((await cache.get("k", 50, read(upstream))).value).toBe("first");
    expect(performance.now() - later).toBeLessThan(100);

    // The refresh that was still waiting lands, and the next viewer gets it without a new call.
    release('"second"');
    await vi.waitFor(async () => expect((await cache.get("k", 60_000, read(upstream))).value).toBe("second"));
    expect(requests).toBe(2);
  });

  it("once the upstream has hung, a viewer with a last good value gets it at once, until it answers again", async () => {
    const cache = new SharedResultCache({ budgetMs: 300 });
    const upstream = client();
    await cache.get("a", 50, read(upstream));
    await cache.get("b", 50, read(upstream));
    await new Promise((r) => setTimeout(r, 60)); // both due for a refresh
    hung = true;
    const first = performance.now();
    expect(await cache.get("a", 50, read(upstream))).toMatchObject({
      staleBecause: expect.any(LateAnswerError),
    });
    expect(performance.now() - first).toBeGreaterThanOrEqual(280);

    // Another value read from the same upstream: its refresh is asked for, but nobody waits on it.
    const second = performance.now();
    const b = await cache.get("b", 50, read(upstream));
    expect(performance.now() - second).toBeLessThan(100);
    expect(b).toMatchObject({ value: "first", staleBecause: expect.any(LateAnswerError) });
    expect(b.staleBecause!.message).toBe("Test Prometheus has not answered within 0.3s.");
    await vi.waitFor(() => expect(requests).toBe(4)); // two fills, two refreshes in flight

    // With nothing to show, a viewer still gets the budget's chance of an answer.
    const cold = performance.now();
    await expect(cache.get("cold", 50, read(upstream))).rejects.toBeInstanceOf(LateAnswerError);
    expect(performance.now() - cold).toBeGreaterThanOrEqual(280);

    // It answers: waited for again.
    hung = false;
    release('"second"');
    await vi.waitFor(async () => expect((await cache.get("b", 60_000, read(upstream))).value).toBe("second"));
    await new Promise((r) => setTimeout(r, 60));
    hung = true;
    const again = performance.now();
    await cache.get("b", 50, read(upstream));
    expect(performance.now() - again).toBeGreaterThanOrEqual(280);
    release('"third"');
  });

  it("counts a call that timed out as a hang too", async () => {
    const cache = new SharedResultCache({ budgetMs: 1_000 });
    await cache.get("k", 50, read(client()));
    await new Promise((r) => setTimeout(r, 60));
    hung = true;
    await expect(read(client(100))()).rejects.toMatchObject({ kind: "timeout" });
    const started = performance.now();
    expect(await cache.get("k", 50, read(client()))).toMatchObject({
      staleBecause: expect.any(LateAnswerError),
    });
    expect(performance.now() - started).toBeLessThan(200);
    release('"late"');
  });

  it("with nothing to show yet, answers a timeout naming the upstream within the budget", async () => {
    const cache = new SharedResultCache({ budgetMs: 200 });
    hung = true;
    const started = performance.now();
    const error = await cache.get("cold", 1_000, read(client())).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(800);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ upstream: "prometheus", kind: "timeout", status: 504 });
    release('"late"');
  });

  it("within a request, ends its waits a margin before the request's own budget, counted from its start", async () => {
    const cache = new SharedResultCache({ budgetMs: 400 }); // margin: 100 ms
    const upstream = client();
    await cache.get("a", 1, read(upstream));
    await new Promise((r) => setTimeout(r, 10)); // due for a refresh
    hung = true;
    // A page reading two values one after the other while their upstream hangs: the first wait ends a
    // margin before the request's budget, the second (nothing to show: it waits, unlike one with a last
    // good value once the upstream is known to hang) gives its upstream half the budget (the floor).
    const started = performance.now();
    const [a, b] = await servingSince(async () => [
      await cache.get("a", 1, read(upstream)),
      await cache.get("b", 1, read(upstream)).catch((e: unknown) => e),
    ]);
    const waited = performance.now() - started;
    expect(a).toMatchObject({ value: "first", staleBecause: expect.any(LateAnswerError) });
    expect(b).toBeInstanceOf(LateAnswerError);
    expect(waited).toBeGreaterThanOrEqual(480);
    expect(waited).toBeLessThan(700); // outside a request: 800
    // Outside a request (the same reads, in turn), each wait is the load's budget.
    const outside = performance.now();
    await cache.get("c", 1, read(upstream)).catch(() => undefined);
    await cache.get("d", 1, read(upstream)).catch(() => undefined);
    expect(performance.now() - outside).toBeGreaterThanOrEqual(780);
    // A request held up before it asks still gives the upstream half the budget.
    const late = await servingSince(async () => {
      const asked = performance.now();
      await cache.get("e", 1, read(upstream)).catch(() => undefined);
      return performance.now() - asked;
    }, Date.now() - 350);
    expect(late).toBeGreaterThanOrEqual(180);
    expect(late).toBeLessThan(300);
    release('"late"');
  });

  it("reads a budget given as a function when each wait starts", async () => {
    let budgetMs = 100;
    const cache = new SharedResultCache({ budgetMs: () => budgetMs });
    hung = true;
    const short = performance.now();
    await expect(cache.get("first", 1_000, read(client()))).rejects.toBeInstanceOf(LateAnswerError);
    expect(performance.now() - short).toBeLessThan(600);
    budgetMs = 800;
    const longer = performance.now();
    const waiting = cache.get("second", 1_000, read(client()));
    await new Promise((r) => setTimeout(r, 300));
    release('"in time"');
    expect((await waiting).value).toBe("in time");
    expect(performance.now() - longer).toBeGreaterThanOrEqual(290);
  });

  it("lets work finish that is merely long once the upstream has answered", async () => {
    const cache = new SharedResultCache({ budgetMs: 100 });
    const upstream = client();
    const result = await cache.get("slow-build", 1_000, async () => {
      const raw = await read(upstream)();
      await new Promise((r) => setTimeout(r, 300)); // building a large view
      return `${raw} built`;
    });
    expect(result.value).toBe("first built");
    expect(result.staleBecause).toBeUndefined();
  });

  it("notices an upstream that hangs after the budget has passed on other work", async () => {
    const cache = new SharedResultCache({ budgetMs: 100 });
    const upstream = client();
    const started = performance.now();
    const error = await cache
      .get("two-steps", 1_000, async () => {
        await new Promise((r) => setTimeout(r, 200)); // work past the budget
        hung = true;
        return read(upstream)();
      })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(700);
    expect(error).toBeInstanceOf(LateAnswerError);
    release('"late"');
  });
});
