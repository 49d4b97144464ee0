// Start-up of one server instance: validate the configuration (one line per problem, then exit),
// then start tracing, the database pool gauges and, when Kubernetes is configured, its informers and the
// index of deliveries, so the first page of Deployments finds them in sync.
import { ConfigError, env } from "@/lib/config/env";
import { pool } from "@/lib/db/client";
import { logger } from "./logger";
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
  await checkAuditGuard();
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
  const { startHousekeeping } = await import("@/lib/db/housekeeping");
  startHousekeeping();
  registerPoolGauges(() => {
    const p = pool();
    return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
  });
}

/**
 * The audit log's protections (docs/adr/0004): stop at once without the chain key or with another key
 * than the one that signed the database's checkpoints; warn when the database role could switch off the
 * append-only triggers. Then take a checkpoint now and at every interval.
 */
async function checkAuditGuard() {
  const { auditChainKey } = await import("@/lib/audit/key");
  const { AuditChainKeyError, ensureChainAnchor } = await import("@/lib/audit/checkpoint");
  const { startAuditCheckpoints } = await import("@/lib/audit/publish");
  const { auditGuardBypasses } = await import("@/lib/db/roles");
  try {
    auditChainKey();
    await ensureChainAnchor();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AuditChainKeyError) {
      console.error(error.message);
      process.exit(1);
    }
    // The database may not be up yet: the checkpoint timer tries again.
    logger.warn({ err: error }, "could not check the audit chain's anchor at start-up");
  }
  const client = await pool()
    .connect()
    .catch(() => null);
  if (client) {
    try {
      for (const reason of await auditGuardBypasses(client))
        logger.warn(
          { reason },
          "the database role of the app could get around the audit log's append-only guard; give the app a role of its own (README, Database roles)",
        );
    } finally {
      client.release();
    }
  }
  startAuditCheckpoints();
}
