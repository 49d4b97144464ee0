import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { attachToIncident } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await attachToIncident(ctx, ref, await readJson(request)),
}));
