import { route } from "@/lib/http/route";
import { verifyAudit } from "@/lib/services/audit";

export const GET = route(
  { summary: "Verify the audit log's chain against its signed checkpoints", access: "audit:read" },
  async (_request, ctx) => {
    const report = await verifyAudit(ctx);
    return {
      verification: {
        intact: report.breaks.length === 0,
        checked: report.checked,
        breaks: report.breaks.map((b) => ({
          seq: b.seq?.toString() ?? null,
          kind: b.kind,
          message: b.message,
        })),
        checkpoint: report.checkpoint && {
          seq: report.checkpoint.seq.toString(),
          count: report.checkpoint.count.toString(),
          at: report.checkpoint.at.toISOString(),
          source: report.checkpoint.source,
        },
      },
    };
  },
);
