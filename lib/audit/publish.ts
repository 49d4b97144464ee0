// Sends each new signed checkpoint out of the database: a structured log line (`auditCheckpoint`),
// /api/metrics (opsdeck_audit_head_seq, opsdeck_audit_checkpoint_info) and, when configured, a POST of
// the checkpoint to AUDIT_CHECKPOINT_WEBHOOK. Every instance takes one every
// AUDIT_CHECKPOINT_INTERVAL_SECONDS when the head has moved (docs/adr/0004).
import { env } from "@/lib/config/env";
import { databaseOutage, isDatabaseUnavailable } from "@/lib/db/errors";
import { logger } from "@/lib/observability/logger";
import { countAuditCheckpointFailure, recordAuditCheckpoint } from "@/lib/observability/metrics";
import {
  AuditChainKeyError,
  AuditTamperedError,
  checkpointJson,
  takeCheckpoint,
  type Checkpoint,
} from "./checkpoint";

const WEBHOOK_TIMEOUT_MS = 10_000;

async function postToWebhook(url: string, cp: Checkpoint): Promise<void> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "opsdeck" },
      body: JSON.stringify({ auditCheckpoint: checkpointJson(cp) }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`answered ${response.status}`);
  } catch (error) {
    countAuditCheckpointFailure("error");
    logger.warn(
      { err: error, seq: cp.seq.toString() },
      "the audit checkpoint webhook did not take the checkpoint",
    );
  }
}

/** Takes a checkpoint if the head moved, and publishes it. Returns it, or null when none could be taken. */
export async function checkpointAndPublish(): Promise<Checkpoint | null> {
  try {
    const { checkpoint, created } = await takeCheckpoint();
    recordAuditCheckpoint(checkpointJson(checkpoint));
    if (created) {
      logger.info({ auditCheckpoint: checkpointJson(checkpoint) }, "audit checkpoint");
      const webhook = env().AUDIT_CHECKPOINT_WEBHOOK;
      if (webhook) await postToWebhook(webhook, checkpoint);
    }
    return checkpoint;
  } catch (error) {
    if (error instanceof AuditTamperedError) {
      countAuditCheckpointFailure("tampered");
      logger.error({ problem: error.message }, "audit log tampered: no checkpoint vouches for it");
    } else if (error instanceof AuditChainKeyError) {
      countAuditCheckpointFailure("error");
      logger.error(error.message);
    } else if (isDatabaseUnavailable(error)) {
      // Said once per outage by the outage log, not as a stack every interval.
      countAuditCheckpointFailure("error");
      databaseOutage().failed(error, { during: "audit checkpoint" });
    } else {
      countAuditCheckpointFailure("error");
      logger.warn({ err: error }, "could not take an audit checkpoint; will retry");
    }
    return null;
  }
}

const holder = globalThis as unknown as { __opsdeckAuditCheckpoints?: { stop: () => void } };

/** Runs in every app instance: one checkpoint at start (which anchors a new chain), then one per interval. */
export function startAuditCheckpoints(): { stop: () => void } {
  if (holder.__opsdeckAuditCheckpoints) return holder.__opsdeckAuditCheckpoints;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    await checkpointAndPublish();
    if (!stopped) timer = setTimeout(() => void tick(), env().AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000);
  };
  void tick();
  holder.__opsdeckAuditCheckpoints = {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
  return holder.__opsdeckAuditCheckpoints;
}
