import { route } from "@/lib/http/route";
import { listAlertGroups } from "@/lib/services/alerts";

export const GET = route(async (request, ctx) => {
  const params = request.nextUrl.searchParams;
  return listAlertGroups(ctx, {
    filter: params.getAll("filter"),
    silenced: params.get("silenced") ?? undefined,
    inhibited: params.get("inhibited") ?? undefined,
  });
});
