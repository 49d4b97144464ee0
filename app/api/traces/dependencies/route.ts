import { route } from "@/lib/http/route";
import { serviceDependencies } from "@/lib/services/traces";
import { dependenciesInput } from "@/lib/services/traces/schemas";

export const GET = route(
  {
    summary: "Which services call which, from recent traces",
    access: "traces:read",
    query: dependenciesInput.pick({ lookbackMinutes: true }),
  },
  async (request, ctx) => {
    const params = request.nextUrl.searchParams;
    return {
      dependencies: await serviceDependencies(ctx, {
        lookbackMinutes: params.get("lookbackMinutes") ?? undefined,
      }),
    };
  },
);
