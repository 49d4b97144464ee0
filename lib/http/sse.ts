// Live pages over Server-Sent Events (ADR 0010): a change-feed subscription becomes a
// `text/event-stream` that says `ready` once subscribed, `changed` at every change, and `resync` when
// changes may have been missed (the change feed lost its connection to the database for a while); the
// browser then refetches through the normal, permission-checked API (lib/client/live.ts): one thing at
// `changed`, everything it shows at `resync`. The stream carries no data of its own, but it must not
// outlive the caller's right to it: the source re-checks the session (and the permission) at every change
// and every `recheckMs`, and when it has ended the stream says `ended` and closes.

/**
 * Something whose changes can be followed: `subscribe` calls back at each change, and at `onResync` when
 * changes may have been missed (sources that cannot miss any need not call it); it returns the unsubscribe.
 */
export type ChangeSource = {
  /** What the stream is about (an incident's id, a rollout's name), echoed in its events. */
  id: string;
  subscribe: (onChange: () => void, onResync: () => void) => Promise<() => void>;
  /** Whether the caller may still follow it: their session is live, their user active, their role allowed. */
  stillAllowed: () => Promise<boolean>;
};

export const KEEP_ALIVE_MS = 15_000;
/** How often an open stream re-checks its caller even when nothing changes. */
export const RECHECK_MS = 30_000;
/** How long the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 2_000;

export type StreamTiming = { keepAliveMs?: number; recheckMs?: number; retryMs?: number };

/** One event in the event-stream format. JSON never contains a raw line break, so data is one line. */
export function formatEvent(event: string, data: unknown, retryMs?: number): string {
  return `${retryMs === undefined ? "" : `retry: ${retryMs}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by the browser, it keeps proxies from closing an idle stream. */
export const KEEP_ALIVE = ": ping\n\n";

/**
 * Subscribes first (a failure to subscribe is an error answer, not a broken stream), then streams
 * `ready`, a `changed` per change, a `resync` when changes may have been missed, and a keep-alive comment
 * every 15 s, until the request is aborted, the reader cancels, or the caller may no longer follow the
 * source (checked before each `changed` or `resync` and every `recheckMs`): then `ended` and the end of the
 * stream. Every way out unsubscribes and stops the timers.
 */
export async function changeStream(
  source: ChangeSource,
  signal: AbortSignal,
  { keepAliveMs = KEEP_ALIVE_MS, recheckMs = RECHECK_MS, retryMs = RETRY_MS }: StreamTiming = {},
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let stop: () => void = () => undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    stop();
    try {
      controller.close();
    } catch {
      // the reader cancelled: already closed
    }
  };
  const send = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: close,
  });

  // One check at a time: changes that arrive during a check share its answer.
  let checking: Promise<boolean | "unknown"> | null = null;
  /** Runs `then` if the caller may still follow; otherwise ends the stream. */
  const whileAllowed = (then: () => void) => {
    checking ??= source
      .stillAllowed()
      .catch(() => "unknown" as const)
      .finally(() => (checking = null));
    void checking.then((allowed) => {
      if (allowed === true) return then();
      // The browser's hook closes its EventSource at `ended` instead of reconnecting (lib/client/live.ts).
      // A check that failed (the database is down) only closes: the browser reconnects, and is checked again.
      if (allowed === false) send(formatEvent("ended", { id: source.id, reason: "session" }));
      close();
    });
  };

  const tell = (event: "changed" | "resync") => () =>
    whileAllowed(() => send(formatEvent(event, { id: source.id, at: new Date().toISOString() })));
  const unsubscribe = await source.subscribe(tell("changed"), tell("resync"));
  // The request may have ended, or the reader cancelled, while the subscription was being made.
  if (closed || signal.aborted) {
    unsubscribe();
    close();
    return stream;
  }
  const ping = setInterval(() => send(KEEP_ALIVE), keepAliveMs);
  const recheck = setInterval(() => whileAllowed(() => undefined), recheckMs);
  stop = () => {
    clearInterval(ping);
    clearInterval(recheck);
    unsubscribe();
  };
  signal.addEventListener("abort", close, { once: true });
  send(formatEvent("ready", { id: source.id }, retryMs));
  return stream;
}

/**
 * The route handler's answer: the source's changes as an event stream for as long as the request lasts
 * and the caller may follow it; not cached, not transformed, not buffered by a proxy (nginx).
 */
export async function changeEvents(
  source: ChangeSource,
  signal: AbortSignal,
  timing?: StreamTiming,
): Promise<Response> {
  return new Response(await changeStream(source, signal, timing), {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
