import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { attachToIncident } from "@/lib/services/incidents";
import { attachInput, incidentRef } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Attach a trace or a link to an incident",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: attachInput,
  },
  async (request, ctx, { ref }) => ({ incident: await attachToIncident(ctx, ref, await readJson(request)) }),
);
