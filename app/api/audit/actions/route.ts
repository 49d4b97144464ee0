import { route } from "@/lib/http/route";
import { listAuditActions } from "@/lib/services/audit";

export const GET = route(async (_request, ctx) => ({ actions: await listAuditActions(ctx) }));
