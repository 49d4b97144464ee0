import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { declareIncident, listIncidents } from "@/lib/services/incidents";

export const GET = route(async (request, ctx) => ({
  incidents: await listIncidents(ctx, Object.fromEntries(request.nextUrl.searchParams)),
}));

export const POST = route(async (request, ctx) => {
  const incident = await declareIncident(ctx, await readJson(request));
  return created({ incident }, `/api/incidents/${incident.number}`);
});
