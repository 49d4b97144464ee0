import { route } from "@/lib/http/route";
import { listOperations } from "@/lib/services/traces";

export const GET = route(async (request, ctx) =>
  listOperations(ctx, request.nextUrl.searchParams.get("service") ?? ""),
);
