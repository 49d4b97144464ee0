import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { declareIncident, listIncidents } from "@/lib/services/incidents";
import { declareIncidentInput, listIncidentsInput } from "@/lib/services/incidents/schemas";

export const GET = route(
  { summary: "List incidents", access: "incidents:read", query: listIncidentsInput },
  async (request, ctx) => ({
    incidents: await listIncidents(ctx, Object.fromEntries(request.nextUrl.searchParams)),
  }),
);

export const POST = route(
  {
    summary: "Declare an incident",
    access: "incidents:write",
    body: declareIncidentInput,
    success: { status: 201 },
  },
  async (request, ctx) => {
    const incident = await declareIncident(ctx, await readJson(request));
    return created({ incident }, `/api/incidents/${incident.number}`);
  },
);
