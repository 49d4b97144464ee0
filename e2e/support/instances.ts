// The two app instances the end-to-end tests run against: A starts its own embedded PostgreSQL (the
// no-DATABASE_URL path), B uses A's server through DATABASE_URL. Same session secret: they are one
// horizontally scaled deployment.
import path from "node:path";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const APP_A = {
  port: port("E2E_PORT_A", 3310),
  get url() {
    return `http://localhost:${this.port}`;
  },
};
export const APP_B = {
  port: port("E2E_PORT_B", 3311),
  get url() {
    return `http://localhost:${this.port}`;
  },
};
// Below Linux's ephemeral range (32768–60999), where the stack's own ports and outgoing connections live.
export const EMBEDDED_PG_PORT = port("E2E_PG_PORT", 25410);
export const SESSION_SECRET = "e2e-session-secret-0123456789-abcdefghijklmnop";
/** The audit chain's key: the same on every instance and for the CLI, as in production. */
export const AUDIT_CHAIN_KEY = "e2e-audit-chain-key-0123456789-abcdefghijklmnop";
export const STATE_DIR = path.resolve(import.meta.dirname, "..", ".state");
export const PASSWORD = "e2e password that is long";
export const WEBHOOK_TOKEN = "e2e-alertmanager-webhook-token-0123456789";
/** In the path of the Flagger gate webhooks the demo canary calls (URL-safe). */
export const FLAGGER_WEBHOOK_TOKEN = "e2e-flagger-webhook-token-0123456789";

export const ROLE_USERS = {
  viewer: "e2e-viewer@example.com",
  responder: "e2e-responder@example.com",
  operator: "e2e-operator@example.com",
  admin: "e2e-admin@example.com",
} as const;

export type RoleName = keyof typeof ROLE_USERS;

export const storageStateFor = (role: RoleName) => path.join(STATE_DIR, `${role}.json`);
