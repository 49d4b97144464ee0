// Prometheus scrape endpoint. With METRICS_TOKEN set, scrapers must send it as a bearer token; without
// it they get the API's 401 error body. Not wrapped in route(): a scrape has no session to look up.
import { secretsEqual } from "@/lib/auth/constant-time";
import { requestMeta } from "@/lib/auth/request-meta";
import { env } from "@/lib/config/env";
import { UnauthenticatedError } from "@/lib/errors";
import { documented } from "@/lib/http/operation";
import { errorResponse } from "@/lib/http/respond";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

function authorized(request: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  return secretsEqual(request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "", token);
}

export const GET = documented(
  {
    summary: "Prometheus metrics (the bearer token METRICS_TOKEN, when it is set)",
    access: "public",
    success: { contentType: "text/plain" },
  },
  async (request: Request) => {
    if (!authorized(request)) {
      return errorResponse(
        new UnauthenticatedError("Send the metrics token as a bearer token."),
        requestMeta(request.headers).requestId,
      );
    }
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
    });
  },
);
