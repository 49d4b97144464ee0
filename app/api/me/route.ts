import { route } from "@/lib/http/route";
import { describeMe } from "@/lib/services/me";

export const GET = route(
  { summary: "Who is signed in, with their role and permissions", access: "authenticated" },
  async (_request, ctx) => ({ me: describeMe(ctx) }),
);
