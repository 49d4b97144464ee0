// Readiness: the database answers and every migration in this build is applied.
import { checkReadiness } from "@/lib/services/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkReadiness();
  return Response.json(report, {
    status: report.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
