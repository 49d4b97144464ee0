// The audit chain's key (AUDIT_CHAIN_KEY): it keys every entry's hash and signs the checkpoints, and lives
// outside the database so that write access to the database is not enough to rewrite the log unseen.
import { ConfigError, env } from "@/lib/config/env";

export function auditChainKey(): Buffer {
  const key = env().AUDIT_CHAIN_KEY;
  if (!key) {
    throw new ConfigError([
      "AUDIT_CHAIN_KEY is not set: the audit log cannot be written without it. `npm start` and `npm run dev` " +
        "generate one in OPSDECK_DATA_DIR; every instance and the CLI must use the same key.",
    ]);
  }
  return Buffer.from(key, "utf8");
}
