// Change notifications across app instances, with PostgreSQL LISTEN/NOTIFY: a change publishes inside
// its transaction (delivered at commit), and every instance's listener fans it out to the browsers it
// serves. No extra infrastructure; any number of instances.
//
// The listening connection is kept for as long as the process runs: when it is lost (the database
// restarted, a network cut), it is opened again with backoff, forever. Notifications sent while it was
// away are lost for good, so every subscriber is then told to resync (its `onResync`): the live streams
// say `resync`, and the browsers refetch what they show (docs/adr/0010).
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/config/env";
import type { Tx } from "@/lib/db/client";
import { logger } from "@/lib/observability/logger";
import { databaseOutage } from "./errors";

const CHANNEL = "opsdeck_changes";
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;
/** How long a new subscriber waits for the listening connection before subscribing anyway. */
const SUBSCRIBE_WAIT_MS = 1_000;

export type Change = { topic: string; id: string };

/** Publishes a change when the surrounding transaction commits. */
export async function publishChange(tx: Tx, change: Change): Promise<void> {
  await tx.$executeRaw`select pg_notify(${CHANNEL}, ${JSON.stringify(change)})`;
}

const RESYNC = Symbol("resync");

export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private running = false;
  private stopped = false;
  private connectedWaiters: (() => void)[] = [];
  private wake: (() => void) | null = null;
  /** When the listening connection was lost or first asked for, while it is not there. */
  private awaySince: number | null = null;

  constructor(private readonly connectionString: () => string | undefined = () => env().DATABASE_URL) {
    this.emitter.setMaxListeners(0);
  }

  /** Whether notifications are being received now. */
  get connected(): boolean {
    return this.client !== null;
  }

  /**
   * Calls `listener` for every change of `topic` (and `id`, if given), and `onResync` when notifications
   * may have been missed (the listening connection was away); returns the unsubscribe. Never fails: while
   * the database is away the subscription waits for it, and is told to resync once it is back.
   */
  async subscribe(
    topic: string,
    id: string | null,
    listener: (change: Change) => void,
    onResync?: () => void,
  ): Promise<() => void> {
    this.start();
    if (!this.connected) await this.whenConnected(SUBSCRIBE_WAIT_MS);
    const key = id ? `${topic}:${id}` : topic;
    this.emitter.on(key, listener);
    if (onResync) this.emitter.on(RESYNC, onResync);
    return () => {
      this.emitter.off(key, listener);
      if (onResync) this.emitter.off(RESYNC, onResync);
    };
  }

  /** Calls `onResync` whenever notifications may have been missed; returns the unsubscribe. */
  onResync(onResync: () => void): () => void {
    this.start();
    this.emitter.on(RESYNC, onResync);
    return () => this.emitter.off(RESYNC, onResync);
  }

  /** Stops listening for good (tests; a process that ends). */
  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private start() {
    if (this.running || this.stopped) return;
    this.running = true;
    this.awaySince = Date.now();
    void this.keepListening();
  }

  private whenConnected(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.connectedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async keepListening() {
    let delay = FIRST_RETRY_MS;
    while (!this.stopped) {
      try {
        const client = await this.listen();
        delay = FIRST_RETRY_MS;
        await new Promise<void>((resolve) => {
          client.once("end", resolve);
          client.once("error", resolve);
          this.wake = resolve;
        });
        if (this.client === client) this.client = null;
        client.end().catch(() => undefined);
        if (this.stopped) return;
        this.awaySince = Date.now();
        logger.warn("change feed connection lost; reconnecting");
      } catch (error) {
        databaseOutage().failed(error, { during: "change feed connection" });
      }
      // Full jitter, so that instances reconnecting together do not stampede.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.random() * delay).unref();
      });
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  /** Opens the listening connection; on success, tells the subscribers that were waiting to resync. */
  private async listen(): Promise<pg.Client> {
    const connectionString = this.connectionString();
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const client = new pg.Client({
      connectionString,
      application_name: "opsdeck-changes",
      // Notices a server that vanished without closing the connection (a host gone, a network cut).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on("notification", (message) => {
      let change: Change;
      try {
        change = JSON.parse(message.payload ?? "") as Change;
      } catch {
        return; // not ours
      }
      this.emitter.emit(`${change.topic}:${change.id}`, change);
      this.emitter.emit(change.topic, change);
    });
    // Until the loop above listens for it; an error event without a listener would end the process.
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    databaseOutage().succeeded();
    const away = this.awaySince;
    this.awaySince = null;
    const subscribers = this.emitter.listenerCount(RESYNC);
    if (away !== null && subscribers > 0)
      logger.info(
        { awaySeconds: Math.round((Date.now() - away) / 1000), subscribers },
        "change feed listening again; subscribers told to resync",
      );
    for (const waiter of this.connectedWaiters.splice(0)) waiter();
    this.emitter.emit(RESYNC);
    return client;
  }
}

const holder = globalThis as unknown as { __opsdeckChanges?: ChangeFeed };

export function changeFeed(): ChangeFeed {
  holder.__opsdeckChanges ??= new ChangeFeed();
  return holder.__opsdeckChanges;
}
