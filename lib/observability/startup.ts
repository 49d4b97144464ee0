// Start-up of one server instance: validate the configuration (one line per problem, then exit),
// then start tracing, the database pool gauges and, when Kubernetes is configured, its informers and the
// index of deliveries, so the first page of Deployments finds them in sync.
import { ConfigError, env } from "@/lib/config/env";
import { pool } from "@/lib/db/client";
import { registerPoolGauges } from "./metrics";
import { startTracing } from "./tracing";

export async function startServerInstance() {
  try {
    if (!env().DATABASE_URL) {
      console.error(
        "DATABASE_URL is not set. `npm start` and `npm run dev` provide an embedded PostgreSQL; when running `next start` directly, set DATABASE_URL.",
      );
      process.exit(1);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  startTracing(env(), process.env.npm_package_version ?? "dev");
  // Every instance delivers queued incident webhooks; claims are exclusive (SKIP LOCKED).
  const { startOutboxDispatcher } = await import("@/lib/services/notifications/outbox");
  startOutboxDispatcher();
  // Nothing when Kubernetes is not configured: the Deployments pages then say what to set.
  const { deliveries } = await import("@/lib/services/deployments/deliveries");
  try {
    deliveries();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  registerPoolGauges(() => {
    const p = pool();
    return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
  });
}
