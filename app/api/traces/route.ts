import { route } from "@/lib/http/route";
import { searchTraces } from "@/lib/services/traces";
import { resolveRange } from "@/lib/time/range";

export const GET = route(async (request, ctx) => {
  const params = request.nextUrl.searchParams;
  const { start, end } = resolveRange(params.get("from"), params.get("to"));
  return searchTraces(ctx, {
    service: params.get("service") ?? "",
    operation: params.get("operation") ?? undefined,
    attributes: params.getAll("attr"),
    minDuration: params.get("minDuration") ?? undefined,
    maxDuration: params.get("maxDuration") ?? undefined,
    limit: params.get("limit") ?? undefined,
    start,
    end,
  });
});
