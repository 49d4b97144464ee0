import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { mergeIncident } from "@/lib/services/incidents";
import { incidentRef, mergeInput } from "@/lib/services/incidents/schemas";

/** Merges this incident into `{ into }`; answers the incident merged into. */
export const POST = route(
  {
    summary: "Merge an incident into another: its alerts move, it resolves as merged",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: mergeInput,
  },
  async (request, ctx, { ref }) => ({ incident: await mergeIncident(ctx, ref, await readJson(request)) }),
);
