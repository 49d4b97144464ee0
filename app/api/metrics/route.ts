// Prometheus scrape endpoint. With METRICS_TOKEN set, scrapers must send it as a bearer token.
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

function authorized(request: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const given = Buffer.from(request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  if (!authorized(request)) {
    return Response.json(
      { error: { code: "unauthenticated", message: "Send the metrics token as a bearer token." } },
      { status: 401 },
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
