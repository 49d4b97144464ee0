import { route } from "@/lib/http/route";
import { exportAuditCsv } from "@/lib/services/audit";

export const GET = route(async (request, ctx) => {
  const stream = exportAuditCsv(ctx, Object.fromEntries(request.nextUrl.searchParams));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="opsdeck-audit-${stamp}.csv"`,
    },
  });
});
