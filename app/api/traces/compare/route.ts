import { route } from "@/lib/http/route";
import { compare } from "@/lib/services/traces";
import { compareInput } from "@/lib/services/traces/schemas";

export const GET = route(
  { summary: "Compare two traces span by span", access: "traces:read", query: compareInput },
  async (request, ctx) => {
    const params = request.nextUrl.searchParams;
    return { comparison: await compare(ctx, { a: params.get("a") ?? "", b: params.get("b") ?? "" }) };
  },
);
