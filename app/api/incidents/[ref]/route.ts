import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getIncident, updateIncident } from "@/lib/services/incidents";
import { incidentRef, updateIncidentInput } from "@/lib/services/incidents/schemas";

const params = z.object({ ref: incidentRef });

export const GET = route(
  { summary: "Read an incident with its timeline", access: "incidents:read", params },
  async (_request, ctx, { ref }) => ({ incident: await getIncident(ctx, ref) }),
);

export const PATCH = route(
  { summary: "Change an incident", access: "incidents:write", params, body: updateIncidentInput },
  async (request, ctx, { ref }) => ({ incident: await updateIncident(ctx, ref, await readJson(request)) }),
);
