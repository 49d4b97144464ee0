import { route } from "@/lib/http/route";
import { incidentMetrics } from "@/lib/services/incidents";

export const GET = route(async (_request, ctx) => ({ metrics: await incidentMetrics(ctx) }));
