import { z } from "zod";
import { route } from "@/lib/http/route";
import { searchTraces } from "@/lib/services/traces";
import { resolveRange } from "@/lib/time/range";
import { text } from "@/lib/validation/text";

// The URL's names for the search (the service validates what they become).
const query = z.object({
  service: text(),
  operation: text().optional(),
  attr: z.array(text()).optional(),
  minDuration: text().optional(),
  maxDuration: text().optional(),
  limit: text().optional(),
  from: text().optional(),
  to: text().optional(),
});

export const GET = route(
  { summary: "Search traces of a service", access: "traces:read", query },
  async (request, ctx) => {
    const params = request.nextUrl.searchParams;
    const { start, end } = resolveRange(params.get("from"), params.get("to"));
    return searchTraces(ctx, {
      service: params.get("service") ?? "",
      operation: params.get("operation") ?? undefined,
      attributes: params.getAll("attr"),
      minDuration: params.get("minDuration") ?? undefined,
      maxDuration: params.get("maxDuration") ?? undefined,
      limit: params.get("limit") ?? undefined,
      start,
      end,
    });
  },
);
