import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getIncident, updateIncident } from "@/lib/services/incidents";

export const GET = route<{ ref: string }>(async (_request, ctx, { ref }) => ({
  incident: await getIncident(ctx, ref),
}));

export const PATCH = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await updateIncident(ctx, ref, await readJson(request)),
}));
