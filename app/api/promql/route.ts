import { route } from "@/lib/http/route";
import { explore } from "@/lib/services/health/explore";

export const GET = route(async (request, ctx) =>
  explore(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
