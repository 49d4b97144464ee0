import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { startChecklist } from "@/lib/services/incidents";
import { incidentRef, startChecklistInput } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Start a runbook's checklist in an incident",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: startChecklistInput,
  },
  async (request, ctx, { ref }) => ({ incident: await startChecklist(ctx, ref, await readJson(request)) }),
);
