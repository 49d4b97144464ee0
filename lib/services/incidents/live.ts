// Live updates of one incident: a Server-Sent Events stream that says "changed" whenever any instance
// commits a change to it (lib/db/changes.ts); the browser then refetches.
import { changeFeed } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { findIncident } from "./store";

export async function incidentEvents(
  ctx: ServiceContext,
  ref: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  authorize(ctx, "incidents:read");
  const { id } = await findIncident(db(), ref);
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  return new ReadableStream({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await changeFeed().subscribe("incident", id, () =>
        send(`event: changed\ndata: ${JSON.stringify({ id, at: new Date().toISOString() })}\n\n`),
      );
      // Comments keep proxies from closing an idle stream.
      const ping = setInterval(() => send(": ping\n\n"), 15_000);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ id })}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
}
