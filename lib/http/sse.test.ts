import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changeEvents, changeStream, formatEvent, KEEP_ALIVE } from "./sse";

/** A change feed in memory: what `subscribe` registers, `change()` calls; `allowed` is the caller's right. */
function memoryFeed(id = "incident-1") {
  const listeners = new Set<() => void>();
  const resyncs = new Set<() => void>();
  const feed = {
    listeners,
    allowed: true as boolean | Error,
    checks: 0,
    change: () => listeners.forEach((l) => l()),
    /** The feed was away: whatever changed meanwhile was not announced. */
    resync: () => resyncs.forEach((l) => l()),
    source: {
      id,
      subscribe: async (onChange: () => void, onResync: () => void) => {
        listeners.add(onChange);
        resyncs.add(onResync);
        return () => {
          listeners.delete(onChange);
          resyncs.delete(onResync);
        };
      },
      stillAllowed: async () => {
        feed.checks++;
        if (feed.allowed instanceof Error) throw feed.allowed;
        return feed.allowed;
      },
    },
  };
  return feed;
}

function textReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  return {
    reader,
    next: async () => {
      const { done, value } = await reader.read();
      return done ? null : decoder.decode(value);
    },
  };
}

describe("formatEvent", () => {
  it("writes the retry hint, the event name and one data line, ended by a blank line", () => {
    expect(formatEvent("ready", { id: "a" }, 2000)).toBe('retry: 2000\nevent: ready\ndata: {"id":"a"}\n\n');
    expect(formatEvent("changed", { id: "a" })).toBe('event: changed\ndata: {"id":"a"}\n\n');
  });

  it("keeps data with line breaks on one data line", () => {
    const lines = formatEvent("changed", { note: "two\nlines\r\n" }).split("\n");
    expect(lines.filter((l) => l.startsWith("data:"))).toEqual(['data: {"note":"two\\nlines\\r\\n"}']);
    expect(lines.slice(-2)).toEqual(["", ""]);
  });
});

describe("changeStream", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says ready with a retry hint, then changed at every change, and pings every 15 s", async () => {
    const feed = memoryFeed();
    const { next } = textReader(await changeStream(feed.source, new AbortController().signal));
    expect(await next()).toBe('retry: 2000\nevent: ready\ndata: {"id":"incident-1"}\n\n');

    feed.change();
    const changed = await next();
    expect(changed).toMatch(/^event: changed\ndata: \{"id":"incident-1","at":"[^"]+Z"\}\n\n$/);

    vi.advanceTimersByTime(14_999);
    feed.change();
    expect(await next()).toMatch(/^event: changed\n/);
    vi.advanceTimersByTime(1);
    expect(await next()).toBe(KEEP_ALIVE);
  });

  it("tells the browser to resync when changes may have been missed, while it may still follow", async () => {
    const feed = memoryFeed();
    const { next } = textReader(await changeStream(feed.source, new AbortController().signal));
    await next(); // ready
    feed.resync();
    expect(await next()).toMatch(/^event: resync\ndata: \{"id":"incident-1","at":"[^"]+Z"\}\n\n$/);
    expect(feed.checks).toBe(1);
    feed.allowed = false;
    feed.resync();
    expect(await next()).toBe('event: ended\ndata: {"id":"incident-1","reason":"session"}\n\n');
    expect(await next()).toBeNull();
  });

  it("ends, unsubscribes and stops pinging when the request is aborted", async () => {
    const feed = memoryFeed();
    const request = new AbortController();
    const { next } = textReader(await changeStream(feed.source, request.signal));
    await next();
    expect(feed.listeners.size).toBe(1);
    expect(vi.getTimerCount()).toBe(2);

    request.abort();
    expect(await next()).toBeNull();
    expect(feed.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    feed.change(); // nothing is listening any more; must not throw
  });

  it("unsubscribes and stops pinging when the reader cancels", async () => {
    const feed = memoryFeed();
    const { reader, next } = textReader(await changeStream(feed.source, new AbortController().signal));
    await next();
    await reader.cancel();
    expect(feed.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("checks the caller at every change, and ends instead of delivering once they may no longer follow", async () => {
    const feed = memoryFeed();
    const { next } = textReader(await changeStream(feed.source, new AbortController().signal));
    await next();
    feed.change();
    expect(await next()).toMatch(/^event: changed\n/);
    expect(feed.checks).toBe(1);

    feed.allowed = false;
    feed.change();
    expect(await next()).toBe('event: ended\ndata: {"id":"incident-1","reason":"session"}\n\n');
    expect(await next()).toBeNull();
    expect(feed.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("re-checks the caller every 30 s when nothing changes, and ends when they may no longer follow", async () => {
    const feed = memoryFeed();
    const { next } = textReader(await changeStream(feed.source, new AbortController().signal));
    await next();
    vi.advanceTimersByTime(30_000);
    expect(await next()).toBe(KEEP_ALIVE); // the 15 s ping
    expect(await next()).toBe(KEEP_ALIVE); // the 30 s ping; the check at 30 s let it stay open
    expect(feed.checks).toBe(1);

    feed.allowed = false;
    vi.advanceTimersByTime(30_000);
    expect(await next()).toBe(KEEP_ALIVE);
    expect(await next()).toBe(KEEP_ALIVE);
    expect(await next()).toMatch(/^event: ended\n/);
    expect(await next()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes without ending when the check fails (the database is down), so the browser reconnects", async () => {
    const feed = memoryFeed();
    const { next } = textReader(await changeStream(feed.source, new AbortController().signal));
    await next();
    feed.allowed = new Error("database down");
    feed.change();
    expect(await next()).toBeNull();
    expect(feed.listeners.size).toBe(0);
  });

  it("does not stay subscribed when the request ended while subscribing", async () => {
    const feed = memoryFeed();
    const request = new AbortController();
    const slow = {
      ...feed.source,
      subscribe: async (onChange: () => void, onResync: () => void) => {
        request.abort();
        return feed.source.subscribe(onChange, onResync);
      },
    };
    const { next } = textReader(await changeStream(slow, request.signal));
    expect(await next()).toBeNull();
    expect(feed.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("fails, with nothing left running, when the subscription cannot be made", async () => {
    const failing = {
      ...memoryFeed("x").source,
      subscribe: () => Promise.reject(new Error("database down")),
    };
    await expect(changeStream(failing, new AbortController().signal)).rejects.toThrow("database down");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("changeEvents", () => {
  it("answers an uncached, unbuffered event stream that starts with ready", async () => {
    const request = new AbortController();
    const response = await changeEvents(memoryFeed("rollout/web").source, request.signal);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    expect(response.headers.get("Cache-Control")).toBe("no-store, no-transform");
    expect(response.headers.get("X-Accel-Buffering")).toBe("no");
    const { next } = textReader(response.body!);
    expect(await next()).toContain('event: ready\ndata: {"id":"rollout/web"}');
    request.abort();
    expect(await next()).toBeNull();
  });
});
