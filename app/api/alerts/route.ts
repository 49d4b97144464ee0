import { route } from "@/lib/http/route";
import { listAlertGroups } from "@/lib/services/alerts";
import { alertListInput } from "@/lib/services/alerts/schemas";

export const GET = route(
  { summary: "List firing alerts, grouped", access: "alerts:read", query: alertListInput },
  async (request, ctx) => {
    const params = request.nextUrl.searchParams;
    return listAlertGroups(ctx, {
      filter: params.getAll("filter"),
      silenced: params.get("silenced") ?? undefined,
      inhibited: params.get("inhibited") ?? undefined,
    });
  },
);
