import { route } from "@/lib/http/route";
import { listRules } from "@/lib/services/alerts";

export const GET = route(
  { summary: "List Prometheus's alerting rules", access: "alerts:read" },
  async (_request, ctx) => listRules(ctx),
);
