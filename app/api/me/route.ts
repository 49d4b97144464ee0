import { route } from "@/lib/http/route";
import { describeMe } from "@/lib/services/me";

export const GET = route(async (_request, ctx) => ({ me: describeMe(ctx) }));
