import { route } from "@/lib/http/route";
import { listAuditEntries } from "@/lib/services/audit";
import { auditPageInput } from "@/lib/services/audit/schemas";

export const GET = route(
  { summary: "One page of audit entries, newest first", access: "audit:read", query: auditPageInput },
  async (request, ctx) => listAuditEntries(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
