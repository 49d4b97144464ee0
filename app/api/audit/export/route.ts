import { route } from "@/lib/http/route";
import { exportAuditCsv } from "@/lib/services/audit";
import { auditFilterInput } from "@/lib/services/audit/schemas";

export const GET = route(
  {
    summary: "Export the audit entries that match the filters, as CSV",
    access: "audit:read",
    query: auditFilterInput,
    success: { contentType: "text/csv" },
  },
  async (request, ctx) => {
    const stream = exportAuditCsv(ctx, Object.fromEntries(request.nextUrl.searchParams));
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="opsdeck-audit-${stamp}.csv"`,
      },
    });
  },
);
