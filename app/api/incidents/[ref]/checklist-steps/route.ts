import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { checkStep } from "@/lib/services/incidents";
import { checkStepInput, incidentRef } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Check or uncheck a step of an incident's checklist",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: checkStepInput,
  },
  async (request, ctx, { ref }) => ({ incident: await checkStep(ctx, ref, await readJson(request)) }),
);
