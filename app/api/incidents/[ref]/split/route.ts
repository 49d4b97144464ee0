import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { splitAlertGroup } from "@/lib/services/incidents";
import { incidentRef, splitInput } from "@/lib/services/incidents/schemas";

/** Splits the alert group `{ groupKey }` out into a new incident; answers the new incident. */
export const POST = route(
  {
    summary: "Split an alert group out of an incident into a new incident",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: splitInput,
    success: { status: 201 },
  },
  async (request, ctx, { ref }) => {
    const incident = await splitAlertGroup(ctx, ref, await readJson(request));
    return created({ incident }, `/api/incidents/${incident.number}`);
  },
);
