// Each upstream client is built once per process, on first use, from the environment (so there is one
// circuit breaker per upstream), or not at all when the upstream is not configured. Pages that do
// without it ask for it with get() and show a "not configured" source; services that cannot work
// without it ask with require(), whose error says what to set.
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

/** `build` makes the client from the environment, or returns null when `variable` is unset. */
export function configuredUpstream<C>(
  upstream: UpstreamIdentity & { variable: string },
  build: (config: Env) => C | null,
): ConfiguredUpstream<C> {
  let client: C | null | undefined;
  const get = () => {
    if (client === undefined) client = build(env());
    return client;
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
