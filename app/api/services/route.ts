import { route } from "@/lib/http/route";
import { listCatalog } from "@/lib/services/health/catalog";

export const GET = route(
  { summary: "List services, discovered and catalogued", access: "services:read" },
  async (_request, ctx) => listCatalog(ctx),
);
