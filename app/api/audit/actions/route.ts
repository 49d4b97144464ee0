import { route } from "@/lib/http/route";
import { listAuditActions } from "@/lib/services/audit";

export const GET = route(
  { summary: "List the actions the audit log has seen", access: "audit:read" },
  async (_request, ctx) => ({
    actions: await listAuditActions(ctx),
  }),
);
