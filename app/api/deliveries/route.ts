import { route } from "@/lib/http/route";
import { listDeliveries } from "@/lib/services/notifications/outbox";

export const GET = route(
  { summary: "List recent outgoing webhook deliveries", access: "settings:manage" },
  async (_request, ctx) => ({ deliveries: await listDeliveries(ctx) }),
);
