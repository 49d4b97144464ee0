import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { splitAlertGroup } from "@/lib/services/incidents";

/** Splits the alert group `{ groupKey }` out into a new incident; answers the new incident. */
export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => {
  const incident = await splitAlertGroup(ctx, ref, await readJson(request));
  return created({ incident }, `/api/incidents/${incident.number}`);
});
