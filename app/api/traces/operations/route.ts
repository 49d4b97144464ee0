import { z } from "zod";
import { route } from "@/lib/http/route";
import { listOperations } from "@/lib/services/traces";
import { serviceName } from "@/lib/services/traces/schemas";

export const GET = route(
  {
    summary: "List a service's operations, from Jaeger",
    access: "traces:read",
    query: z.object({ service: serviceName }),
  },
  async (request, ctx) => listOperations(ctx, request.nextUrl.searchParams.get("service") ?? ""),
);
