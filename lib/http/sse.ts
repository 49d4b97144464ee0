// Live pages over Server-Sent Events (ADR 0010): a change-feed subscription becomes a
// `text/event-stream` that says `ready` once subscribed and `changed` at every change; the browser then
// refetches through the normal, permission-checked API (lib/client/live.ts). The stream carries no data
// of its own, so it needs no permission beyond the one checked before it opens.

/** Something whose changes can be followed: `subscribe` calls back at each change and returns the unsubscribe. */
export type ChangeSource = {
  /** What the stream is about (an incident's id, a rollout's name), echoed in its events. */
  id: string;
  subscribe: (onChange: () => void) => Promise<() => void>;
};

export const KEEP_ALIVE_MS = 15_000;
/** How long the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 2_000;

/** One event in the event-stream format. JSON never contains a raw line break, so data is one line. */
export function formatEvent(event: string, data: unknown, retryMs?: number): string {
  return `${retryMs === undefined ? "" : `retry: ${retryMs}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by the browser, it keeps proxies from closing an idle stream. */
export const KEEP_ALIVE = ": ping\n\n";

/**
 * Subscribes first (a failure to subscribe is an error answer, not a broken stream), then streams
 * `ready`, a `changed` per change and a keep-alive comment every 15 s, until the request is aborted or the
 * reader cancels; both unsubscribe and stop the timer.
 */
export async function changeStream(
  source: ChangeSource,
  signal: AbortSignal,
  { keepAliveMs = KEEP_ALIVE_MS, retryMs = RETRY_MS } = {},
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

  const unsubscribe = await source.subscribe(() =>
    send(formatEvent("changed", { id: source.id, at: new Date().toISOString() })),
  );
  // The request may have ended, or the reader cancelled, while the subscription was being made.
  if (closed || signal.aborted) {
    unsubscribe();
    close();
    return stream;
  }
  const ping = setInterval(() => send(KEEP_ALIVE), keepAliveMs);
  stop = () => {
    clearInterval(ping);
    unsubscribe();
  };
  signal.addEventListener("abort", close, { once: true });
  send(formatEvent("ready", { id: source.id }, retryMs));
  return stream;
}

/**
 * The route handler's answer: the source's changes as an event stream for as long as the request lasts;
 * not cached, not transformed, not buffered by a proxy (nginx).
 */
export async function changeEvents(source: ChangeSource, signal: AbortSignal): Promise<Response> {
  return new Response(await changeStream(source, signal), {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
