// Server-Sent Events: "changed" whenever the incident changes, from any app instance.
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { incidentChanges } from "@/lib/services/incidents/live";

export const dynamic = "force-dynamic";

export const GET = route<{ ref: string }>(async (request, ctx, { ref }) =>
  changeEvents(await incidentChanges(ctx, ref), request.signal),
);
