// Server-Sent Events: "changed" whenever the incident changes, from any app instance.
import { route } from "@/lib/http/route";
import { incidentEvents } from "@/lib/services/incidents/live";

export const dynamic = "force-dynamic";

export const GET = route<{ ref: string }>(async (request, ctx, { ref }) => {
  const stream = await incidentEvents(ctx, ref, request.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
});
