import { route } from "@/lib/http/route";
import { listTraceServices } from "@/lib/services/traces";

export const GET = route(
  { summary: "List the services Jaeger has traces of", access: "traces:read" },
  async (_request, ctx) => listTraceServices(ctx),
);
