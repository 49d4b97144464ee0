import { route } from "@/lib/http/route";
import { getTrace } from "@/lib/services/traces";

export const GET = route<{ traceId: string }>(async (_request, ctx, { traceId }) => getTrace(ctx, traceId));
