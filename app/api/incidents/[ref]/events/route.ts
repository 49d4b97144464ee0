// Server-Sent Events: "changed" whenever the incident changes, from any app instance.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { changeEvents } from "@/lib/http/sse";
import { incidentRef } from "@/lib/services/incidents/schemas";
import { incidentChanges } from "@/lib/services/incidents/live";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    summary: "Follow an incident's changes (server-sent events)",
    access: "incidents:read",
    params: z.object({ ref: incidentRef }),
    success: { contentType: "text/event-stream" },
  },
  async (request, ctx, { ref }) => changeEvents(await incidentChanges(ctx, ref), request.signal),
);
