import { route } from "@/lib/http/route";
import { alertPrefill } from "@/lib/services/incidents";

export const GET = route(async (request, ctx) => ({
  prefill: await alertPrefill(ctx, request.nextUrl.searchParams.get("fingerprint") ?? ""),
}));
