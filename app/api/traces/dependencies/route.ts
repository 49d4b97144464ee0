import { route } from "@/lib/http/route";
import { serviceDependencies } from "@/lib/services/traces";

export const GET = route(async (request, ctx) => {
  const params = request.nextUrl.searchParams;
  return {
    dependencies: await serviceDependencies(ctx, {
      lookbackMinutes: params.get("lookbackMinutes") ?? undefined,
    }),
  };
});
