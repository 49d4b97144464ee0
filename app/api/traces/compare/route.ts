import { route } from "@/lib/http/route";
import { compare } from "@/lib/services/traces";

export const GET = route(async (request, ctx) => {
  const params = request.nextUrl.searchParams;
  return { comparison: await compare(ctx, { a: params.get("a") ?? "", b: params.get("b") ?? "" }) };
});
