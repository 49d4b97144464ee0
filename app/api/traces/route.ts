import { z } from "zod";
import { route } from "@/lib/http/route";
import { searchTraces } from "@/lib/services/traces";
import { traceSearchFromUrl } from "@/lib/traces/search-params";
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
  async (request, ctx) => searchTraces(ctx, traceSearchFromUrl(request.nextUrl.searchParams)),
);
