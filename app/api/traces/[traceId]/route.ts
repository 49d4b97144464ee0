import { z } from "zod";
import { route } from "@/lib/http/route";
import { getTrace } from "@/lib/services/traces";
import { traceId } from "@/lib/services/traces/schemas";

export const GET = route(
  { summary: "A trace, as the waterfall draws it", access: "traces:read", params: z.object({ traceId }) },
  async (_request, ctx, { traceId }) => getTrace(ctx, traceId),
);
