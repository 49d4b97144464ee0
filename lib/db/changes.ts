// Change notifications across app instances, with PostgreSQL LISTEN/NOTIFY: a change publishes inside
// its transaction (delivered at commit), and every instance's listener fans it out to the browsers it
// serves. No extra infrastructure; any number of instances.
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { logger } from "@/lib/observability/logger";

const CHANNEL = "opsdeck_changes";

export type Change = { topic: string; id: string };

/** Publishes a change when the surrounding transaction commits. */
export async function publishChange(tx: Tx, change: Change): Promise<void> {
  await tx.$executeRaw`select pg_notify(${CHANNEL}, ${JSON.stringify(change)})`;
}

class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 500;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  private key(change: Change) {
    return `${change.topic}:${change.id}`;
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: env().DATABASE_URL,
        application_name: "opsdeck-changes",
      });
      client.on("notification", (message) => {
        try {
          const change = JSON.parse(message.payload ?? "") as Change;
          this.emitter.emit(this.key(change), change);
          this.emitter.emit(change.topic, change);
        } catch {
          // not ours
        }
      });
      const reconnect = () => {
        if (this.client !== client) return;
        this.client = null;
        this.connecting = null;
        setTimeout(() => void this.connect().catch(() => undefined), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 10_000);
      };
      client.on("error", (error) => {
        logger.warn({ err: error }, "change feed connection lost; reconnecting");
        reconnect();
      });
      client.on("end", reconnect);
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.client = client;
      this.retryMs = 500;
    })().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  /** Calls `listener` for every change of `topic` (and `id`, if given); returns the unsubscribe. */
  async subscribe(topic: string, id: string | null, listener: (change: Change) => void): Promise<() => void> {
    await this.connect();
    const key = id ? `${topic}:${id}` : topic;
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }
}

const holder = globalThis as unknown as { __opsdeckChanges?: ChangeFeed };

export function changeFeed(): ChangeFeed {
  holder.__opsdeckChanges ??= new ChangeFeed();
  return holder.__opsdeckChanges;
}
