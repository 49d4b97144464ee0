import { z } from "zod";
import { route } from "@/lib/http/route";
import { getTraceDetails } from "@/lib/services/traces";
import { traceId } from "@/lib/services/traces/schemas";

export const GET = route(
  {
    summary: "The details of every span of a trace",
    access: "traces:read",
    params: z.object({ traceId }),
  },
  async (_request, ctx, { traceId }) => getTraceDetails(ctx, traceId),
);
