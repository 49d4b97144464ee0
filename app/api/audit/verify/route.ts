import { route } from "@/lib/http/route";
import { verifyAudit } from "@/lib/services/audit";

export const GET = route(async (_request, ctx) => {
  const report = await verifyAudit(ctx);
  return {
    verification: {
      intact: report.breaks.length === 0,
      checked: report.checked,
      breaks: report.breaks.map((b) => ({ seq: b.seq.toString(), kind: b.kind })),
    },
  };
});
