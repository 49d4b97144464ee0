import { route } from "@/lib/http/route";
import { listCatalog } from "@/lib/services/health/catalog";

export const GET = route(async (_request, ctx) => listCatalog(ctx));
