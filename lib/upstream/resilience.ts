// Every call to an upstream system goes through one of these: a timeout, retries with exponential
// backoff and jitter (reads only), and a circuit breaker per upstream, with the outcome counted in
// /api/metrics. Failures come out as UpstreamError naming the upstream.
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from "cockatiel";
import { UpstreamError, type UpstreamName } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";

export type ResilienceOptions = {
  timeoutMs: number;
  /** Extra attempts for idempotent reads. */
  retries?: number;
  /** Consecutive failures that open the circuit. */
  breakAfter?: number;
  /** How long an open circuit refuses calls before letting one through. */
  halfOpenAfterMs?: number;
};

/** Upstream failures count against the breaker and are retried; anything else (a bad query) is the caller's. */
const upstreamFailure = handleWhen((error) => error instanceof UpstreamError);

export class Upstream {
  private readonly reads: IPolicy;
  private readonly writes: IPolicy;

  constructor(
    readonly name: UpstreamName,
    readonly label: string,
    readonly options: ResilienceOptions,
  ) {
    const breaker = circuitBreaker(upstreamFailure, {
      halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    const perCall = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    const retries = retry(upstreamFailure, {
      maxAttempts: options.retries ?? 2,
      // Full jitter, so that many instances retrying together do not stampede.
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
    });
    this.reads = wrap(retries, breaker, perCall);
    this.writes = wrap(breaker, perCall);
  }

  /** Runs `fn` under the policies. Only reads (`idempotent`) are retried. */
  async call<T>(operation: string, idempotent: boolean, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = performance.now();
    const observe = (outcome: string) =>
      metrics().upstreamDuration.observe(
        { upstream: this.name, operation, outcome },
        (performance.now() - started) / 1000,
      );
    try {
      const result = await (idempotent ? this.reads : this.writes).execute(({ signal }) => fn(signal));
      observe("ok");
      return result as T;
    } catch (error) {
      const mapped = this.map(error);
      if (mapped instanceof UpstreamError) {
        observe("error");
        metrics().upstreamErrors.inc({
          upstream: this.name,
          kind: error instanceof BrokenCircuitError ? "circuit_open" : mapped.kind,
        });
      } else {
        observe("rejected");
      }
      throw mapped;
    }
  }

  private map(error: unknown): unknown {
    if (error instanceof BrokenCircuitError) {
      return new UpstreamError(
        this.name,
        "unavailable",
        `${this.label} keeps failing; Opsdeck pauses calls to it for ${Math.round((this.options.halfOpenAfterMs ?? 10_000) / 1000)}s before trying again.`,
      );
    }
    if (error instanceof TaskCancelledError) {
      return new UpstreamError(
        this.name,
        "timeout",
        `${this.label} did not answer within ${this.options.timeoutMs / 1000}s.`,
      );
    }
    return error;
  }
}
