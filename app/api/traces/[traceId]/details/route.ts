import { route } from "@/lib/http/route";
import { getTraceDetails } from "@/lib/services/traces";

export const GET = route<{ traceId: string }>(async (_request, ctx, { traceId }) =>
  getTraceDetails(ctx, traceId),
);
