import { route } from "@/lib/http/route";
import { listRules } from "@/lib/services/alerts";

export const GET = route(async (_request, ctx) => listRules(ctx));
