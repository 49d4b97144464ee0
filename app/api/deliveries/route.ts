import { route } from "@/lib/http/route";
import { listDeliveries } from "@/lib/services/notifications/outbox";

export const GET = route(async (_request, ctx) => ({ deliveries: await listDeliveries(ctx) }));
