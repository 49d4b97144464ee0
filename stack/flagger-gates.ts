// The stack's own Flagger gates, served by the webhook sink when no Opsdeck is given: the demo canary's
// `confirm-rollout`, `confirm-promotion` and `rollback` hooks call them, and `npm run stack -- gate`
// opens or closes them. Like Opsdeck's gates, each is closed until opened and opens for one revision
// only: Flagger sends the canary's checksum (its applied spec and tracked configs) with every call, and a
// gate opened for one checksum answers closed to the next revision.

export const FLAGGER_GATES = ["confirm-rollout", "confirm-promotion", "rollback"] as const;
export type FlaggerGate = (typeof FLAGGER_GATES)[number];

export const isFlaggerGate = (value: string): value is FlaggerGate =>
  (FLAGGER_GATES as readonly string[]).includes(value);

/** What Flagger POSTs to a webhook (CanaryWebhookPayload). */
export type FlaggerHookPayload = {
  name: string;
  namespace: string;
  phase: string;
  checksum: string;
  metadata?: Record<string, string>;
};

type Opened = { revision?: string };

export class FlaggerGates {
  private readonly opened = new Map<string, Opened>();

  private static key(namespace: string, name: string, gate: FlaggerGate) {
    return `${namespace}/${name}/${gate}`;
  }

  open(namespace: string, name: string, gate: FlaggerGate) {
    this.opened.set(FlaggerGates.key(namespace, name, gate), {});
  }

  close(namespace: string, name: string, gate: FlaggerGate) {
    this.opened.delete(FlaggerGates.key(namespace, name, gate));
  }

  /**
   * Whether the gate lets this call through (Flagger: 2xx opens a confirm gate, and makes a rollback
   * hook roll back). The first call after opening binds the gate to the call's revision.
   */
  answer(gate: FlaggerGate, call: FlaggerHookPayload): boolean {
    const key = FlaggerGates.key(call.namespace, call.name, gate);
    const opened = this.opened.get(key);
    if (!opened) return false;
    opened.revision ??= call.checksum;
    if (opened.revision === call.checksum) return true;
    this.opened.delete(key);
    return false;
  }

  list() {
    return [...this.opened].map(([key, { revision }]) => ({ gate: key, revision: revision ?? null }));
  }
}
