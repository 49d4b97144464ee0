// Each upstream client is built once per process, on first use, from the environment (so there is one
// circuit breaker per upstream), or not at all when the upstream is not configured. The clients are kept
// on globalThis: Next.js bundles the server's code more than once (next.config.js), and each copy of this
// module would otherwise build its own client, with its own breaker and its own log of a switch or
// outage. Pages that do without it ask for it with get() and show a "not configured" source; services
// that cannot work without it ask with require(), whose error says what to set.
import { env, type Env } from "@/lib/config/env";
import { UpstreamError } from "@/lib/errors";
import type { UpstreamIdentity } from "./http";

/** The upstream is not configured: 503, naming the variable to set. */
export class NotConfiguredError extends UpstreamError {
  static override readonly kind: string = "NotConfiguredError";
  constructor(upstream: UpstreamIdentity, variable: string) {
    super(upstream.name, "unavailable", `${upstream.label} is not configured: set ${variable}.`);
  }
}

export type ConfiguredUpstream<C> = {
  /** The client, or null when the upstream is not configured. */
  get(): C | null;
  /** The client, or a NotConfiguredError. */
  require(): C;
};

const holder = globalThis as unknown as { __opsdeckUpstreams?: Map<string, unknown> };

/** `build` makes the client from the environment, or returns null when `variable` is unset. */
export function configuredUpstream<C>(
  upstream: UpstreamIdentity & { variable: string },
  build: (config: Env) => C | null,
): ConfiguredUpstream<C> {
  const clients = (holder.__opsdeckUpstreams ??= new Map<string, unknown>());
  const get = (): C | null => {
    if (!clients.has(upstream.name)) clients.set(upstream.name, build(env()));
    return clients.get(upstream.name) as C | null;
  };
  return {
    get,
    require() {
      const configured = get();
      if (configured === null) throw new NotConfiguredError(upstream, upstream.variable);
      return configured;
    },
  };
}
