import { route } from "@/lib/http/route";
import { listConnections } from "@/lib/services/connections";

export const GET = route(
  {
    summary: "Each upstream and the database: URL, status, version, circuit breaker and last error",
    access: "settings:manage",
  },
  async (_request, ctx) => ({ connections: await listConnections(ctx) }),
);
