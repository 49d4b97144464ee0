import { z } from "zod";
import { route } from "@/lib/http/route";
import { alertPrefill } from "@/lib/services/incidents";
import { text } from "@/lib/validation/text";

export const GET = route(
  {
    summary: "What an incident declared from a firing alert starts with",
    access: "incidents:read",
    query: z.object({ fingerprint: text() }),
  },
  async (request, ctx) => ({
    prefill: await alertPrefill(ctx, request.nextUrl.searchParams.get("fingerprint") ?? ""),
  }),
);
