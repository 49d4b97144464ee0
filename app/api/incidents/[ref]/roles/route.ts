import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { assignRole } from "@/lib/services/incidents";
import { assignRoleInput, incidentRef } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Assign an incident role (commander, scribe, communications)",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: assignRoleInput,
  },
  async (request, ctx, { ref }) => ({ incident: await assignRole(ctx, ref, await readJson(request)) }),
);
