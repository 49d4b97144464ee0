// Readiness: the database answers and every migration in this build is applied.
import { documented } from "@/lib/http/operation";
import { checkReadiness } from "@/lib/services/readiness";

export const dynamic = "force-dynamic";

export const GET = documented(
  {
    summary: "Readiness: the database answers and every migration is applied (503 otherwise)",
    access: "public",
  },
  async () => {
    const report = await checkReadiness();
    return Response.json(report, {
      status: report.ready ? 200 : 503,
      headers: { "Cache-Control": "no-store" },
    });
  },
);
