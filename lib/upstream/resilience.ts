// Every call to an upstream system goes through one of these: a timeout, retries with exponential
// backoff and jitter (reads only, and not after a timeout), and a circuit breaker per upstream, with the
// outcome counted in /api/metrics and an outage logged once (lib/observability/outage.ts). Failures
// come out as UpstreamError naming the upstream. A timeout counts against the breaker like any other
// failure: an upstream that hangs is as down as one that refuses connections.
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from "cockatiel";
import { UpstreamError, type UpstreamName } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { outageLog, type OutageLog } from "@/lib/observability/outage";
import { callStarted, upstreamAnswered, upstreamHung, type UpstreamIdentity } from "./waits";

export type ResilienceOptions = {
  timeoutMs: number;
  /** Extra attempts for idempotent reads. */
  retries?: number;
  /** Consecutive failures that open the circuit. */
  breakAfter?: number;
  /** How long an open circuit refuses calls before letting one through. */
  halfOpenAfterMs?: number;
};

/** Upstream failures (timeouts included) count against the breaker; anything else (a bad query) is the caller's. */
const upstreamFailure = handleWhen((error) => error instanceof UpstreamError);

/**
 * Reads are tried again after a failure that came quickly (refused, reset, a 5xx): the next attempt may
 * well succeed. Not after a timeout: the upstream already had the whole timeout, and asking a hung server
 * again only doubles the wait and its load.
 */
const worthRetrying = handleWhen((error) => error instanceof UpstreamError && error.kind !== "timeout");

export type CircuitStateName = "closed" | "open" | "half_open";

/** What this process last saw of an upstream, for Settings → Connections. */
export type UpstreamHealth = {
  circuit: CircuitStateName;
  lastSuccessAt: Date | null;
  lastFailure: { message: string; at: Date } | null;
};

const CIRCUIT_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  // Isolated is opened by hand, which Opsdeck never does; it refuses calls like an open circuit.
  [CircuitState.Isolated]: "open",
};

export class Upstream {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly perCall: TimeoutPolicy;
  private readonly retries: RetryPolicy;
  private readonly identity: UpstreamIdentity;
  private readonly outage: OutageLog;
  private lastSuccessAt: Date | null = null;
  private lastFailure: UpstreamHealth["lastFailure"] = null;

  constructor(
    readonly name: UpstreamName,
    readonly label: string,
    readonly options: ResilienceOptions,
  ) {
    this.identity = { name, label };
    this.outage = outageLog(label, { upstream: name });
    this.breaker = circuitBreaker(upstreamFailure, {
      halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    this.perCall = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    this.retries = retry(worthRetrying, {
      maxAttempts: options.retries ?? 2,
      // Full jitter, so that many instances retrying together do not stampede.
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
    });
  }

  /** Runs `fn` under the policies. Only reads (`idempotent`) are retried. */
  async call<T>(operation: string, idempotent: boolean, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = performance.now();
    const observe = (outcome: string) =>
      metrics().upstreamDuration.observe(
        { upstream: this.name, operation, outcome },
        (performance.now() - started) / 1000,
      );
    const done = callStarted(this.identity);
    try {
      const once = () => this.attempt(fn);
      const result = await (idempotent ? this.retries.execute(once) : once());
      observe("ok");
      this.outage.succeeded();
      upstreamAnswered(this.identity);
      this.lastSuccessAt = new Date();
      return result;
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        // Refused here, never sent: not an upstream call, so counted apart from the calls.
        metrics().upstreamRefused.inc({ upstream: this.name });
        const refused = this.refused();
        this.outage.failed(refused, { circuit: "open" });
        throw refused;
      }
      if (error instanceof UpstreamError) {
        observe("error");
        metrics().upstreamErrors.inc({ upstream: this.name, kind: error.kind });
        if (error.kind === "timeout") upstreamHung(this.identity);
        this.outage.failed(error, { operation });
        this.lastFailure = { message: error.message, at: new Date() };
      } else {
        observe("rejected");
      }
      throw error;
    } finally {
      done();
    }
  }

  /**
   * One attempt now, for a person who asked to test the connection: past the breaker (an open circuit
   * would refuse it unsent) and without retries, under the timeout. Its outcome is remembered like a
   * call's, but not counted by the breaker, which closes again on the next call that succeeds.
   */
  async probe<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      const result = await this.timed(fn);
      upstreamAnswered(this.identity);
      this.lastSuccessAt = new Date();
      return result;
    } catch (error) {
      if (error instanceof UpstreamError) this.lastFailure = { message: error.message, at: new Date() };
      throw error;
    }
  }

  health(): UpstreamHealth {
    return {
      circuit: CIRCUIT_NAMES[this.breaker.state],
      lastSuccessAt: this.lastSuccessAt,
      lastFailure: this.lastFailure,
    };
  }

  /** One attempt through the breaker, its timeout turned into an UpstreamError the breaker counts. */
  private attempt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.breaker.execute(() => this.timed(fn));
  }

  private async timed<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.perCall.execute(({ signal }) => fn(signal));
    } catch (error) {
      if (error instanceof TaskCancelledError)
        throw new UpstreamError(
          this.name,
          "timeout",
          `${this.label} did not answer within ${this.options.timeoutMs / 1000}s.`,
        );
      throw error;
    }
  }

  private refused(): UpstreamError {
    return new UpstreamError(
      this.name,
      "unavailable",
      `${this.label} keeps failing; Opsdeck pauses calls to it for ${Math.round((this.options.halfOpenAfterMs ?? 10_000) / 1000)}s before trying again.`,
    );
  }
}
