// The stack's declared start order, without starting anything (stack.stack.test.ts starts it for real).
import { describe, expect, it } from "vitest";
import { stackComponents } from "./stack";
import { startInOrder, startOrder } from "./start-order";

const STACK = [
  "webhook-sink",
  "jaeger",
  "alertmanager",
  "fleet/recommendations",
  "fleet/inventory",
  "fleet/payments",
  "fleet/checkout",
  "fleet/web",
  "loadgen",
  "prometheus",
];
const CONTROL_PLANE = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kwok",
  "rollouts-controller",
  "flagger",
];
/** The stack's own components that follow the control plane. */
const WITH_CONTROL_PLANE = ["revision-sync"];

/** Runs the table's start with every component succeeding but those in `failing`; returns the failures. */
async function startWith(kubernetes: boolean, failing: string[]) {
  const failures = new Map<string, string>();
  const begun: string[] = [];
  await startInOrder(
    stackComponents({ kubernetes }),
    async (name) => {
      begun.push(name);
      if (failing.includes(name)) throw new Error("failed");
    },
    failures,
  );
  return { begun, failures: Object.fromEntries(failures) };
}

describe("the stack's start order", () => {
  it("starts demo services after those they call, the load after web, and Prometheus after its targets", () => {
    expect(startOrder(stackComponents({ kubernetes: false }))).toEqual(STACK);
  });

  it("starts the control plane after the rest, each piece after what it needs", () => {
    expect(startOrder(stackComponents({ kubernetes: true }))).toEqual([
      ...STACK,
      ...CONTROL_PLANE,
      ...WITH_CONTROL_PLANE,
    ]);
  });

  it("starts the rest of the stack when one of its components fails", async () => {
    const { begun, failures } = await startWith(true, ["jaeger", "fleet/payments"]);
    expect(begun).toEqual([...STACK, ...CONTROL_PLANE, ...WITH_CONTROL_PLANE]);
    expect(failures).toEqual({ jaeger: "failed", "fleet/payments": "failed" });
  });

  it("starts each controller without the other: Flagger runs when Argo Rollouts failed", async () => {
    expect(await startWith(true, ["rollouts-controller"])).toEqual({
      begun: [...STACK, ...CONTROL_PLANE, ...WITH_CONTROL_PLANE],
      failures: { "rollouts-controller": "failed" },
    });
  });

  it("does not start what needs a control-plane component that failed", async () => {
    const { begun, failures } = await startWith(true, ["kube-scheduler"]);
    expect(begun).toEqual([
      ...STACK,
      ...CONTROL_PLANE.filter((name) => name !== "rollouts-controller" && name !== "flagger"),
      ...WITH_CONTROL_PLANE,
    ]);
    expect(failures).toEqual({
      "kube-scheduler": "failed",
      "rollouts-controller": "not started: needs kube-scheduler",
      flagger: "not started: needs kube-scheduler",
    });
    expect(await startWith(true, ["etcd"])).toEqual({
      begun: [...STACK, "etcd"],
      failures: {
        etcd: "failed",
        "kube-apiserver": "not started: needs etcd",
        "kube-controller-manager": "not started: needs kube-apiserver",
        "kube-scheduler": "not started: needs kube-apiserver",
        kwok: "not started: needs kube-apiserver",
        "rollouts-controller": "not started: needs kube-controller-manager, kube-scheduler, kwok",
        "revision-sync": "not started: needs kube-apiserver",
        flagger: "not started: needs kube-controller-manager, kube-scheduler, kwok",
      },
    });
  });
});
