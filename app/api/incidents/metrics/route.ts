import { route } from "@/lib/http/route";
import { incidentMetrics } from "@/lib/services/incidents";

export const GET = route(
  { summary: "Incident counts and response times by week", access: "incidents:read" },
  async (_request, ctx) => ({ metrics: await incidentMetrics(ctx) }),
);
