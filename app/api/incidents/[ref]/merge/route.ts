import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { mergeIncident } from "@/lib/services/incidents";

/** Merges this incident into `{ into }`; answers the incident merged into. */
export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await mergeIncident(ctx, ref, await readJson(request)),
}));
