// What the app tells its operators about a dependency that fails (the database, an upstream): one line
// when it goes down, with the error, one line every `repeatMs` while it stays down, counting the failures,
// and one line when it is back, with how long it was down. A request that fails because of it logs
// nothing of its own: during an outage that would be thousands of identical lines a second.
import { logger } from "./logger";

export const STILL_DOWN_EVERY_MS = 30_000;

export class OutageLog {
  private since: number | null = null;
  private failures = 0;
  private lastLine = 0;

  constructor(
    /** The dependency, as a sentence begins with it: "The database", "Prometheus". */
    readonly subject: string,
    private readonly fields: Record<string, unknown> = {},
    private readonly repeatMs = STILL_DOWN_EVERY_MS,
  ) {}

  get down(): boolean {
    return this.since !== null;
  }

  /** A failure that means the dependency is unavailable (not one caused by the caller). */
  failed(error: unknown, detail: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.failures++;
    if (this.since === null) {
      this.since = now;
      this.lastLine = now;
      logger.error({ ...this.fields, ...detail, err: error }, `${this.subject} is unavailable`);
      return;
    }
    if (now - this.lastLine < this.repeatMs) return;
    this.lastLine = now;
    logger.warn(
      {
        ...this.fields,
        ...detail,
        downSeconds: Math.round((now - this.since) / 1000),
        failures: this.failures,
        error: error instanceof Error ? error.message : String(error),
      },
      `${this.subject} is still unavailable`,
    );
  }

  /** The dependency answered: ends the outage, if there was one. */
  succeeded(): void {
    if (this.since === null) return;
    logger.info(
      { ...this.fields, downSeconds: Math.round((Date.now() - this.since) / 1000), failures: this.failures },
      `${this.subject} is available again`,
    );
    this.since = null;
    this.failures = 0;
  }
}

const holder = globalThis as unknown as { __opsdeckOutages?: Map<string, OutageLog> };

/** The one log of `subject`'s outages in this process (route bundles share it). */
export function outageLog(subject: string, fields: Record<string, unknown> = {}): OutageLog {
  holder.__opsdeckOutages ??= new Map();
  let log = holder.__opsdeckOutages.get(subject);
  if (!log) {
    log = new OutageLog(subject, fields);
    holder.__opsdeckOutages.set(subject, log);
  }
  return log;
}
