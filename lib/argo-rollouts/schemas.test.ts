import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES_DIR } from "./fixtures/load";
import { analysisRunSchema, replicaSetSchema, rolloutSchema } from "./schemas";

function fixture(file: string): Record<string, unknown> {
  return parse(readFileSync(path.join(FIXTURES_DIR, file), "utf8"));
}

describe("schemas", () => {
  it("keep a ReplicaSet's pod template whole, fields Opsdeck does not type included", () => {
    const raw = fixture("info/canary/stable-rs.yaml") as { spec: { template: unknown } };
    const parsed = replicaSetSchema.parse(raw);
    expect(parsed.spec?.template).toEqual(raw.spec.template);
    expect(parsed.spec?.template?.spec).toMatchObject({
      dnsPolicy: "ClusterFirst",
      terminationGracePeriodSeconds: 30,
    });
  });

  it("tolerate fields they do not know, and keep the traffic router as sent", () => {
    const parsed = rolloutSchema.parse({
      metadata: { name: "checkout", somethingNew: true },
      spec: {
        strategy: {
          canary: { trafficRouting: { istio: { virtualService: { name: "vs" } } }, futureField: 1 },
        },
      },
      status: { alb: { ingress: "x" }, phase: "Healthy" },
    });
    expect(parsed.spec.strategy?.canary?.trafficRouting).toEqual({
      istio: { virtualService: { name: "vs" } },
    });
    expect(parsed.status?.phase).toBe("Healthy");
  });

  it("read JSON null as unset", () => {
    const parsed = rolloutSchema.parse({
      metadata: { name: "checkout", creationTimestamp: null },
      spec: { replicas: null, paused: null },
      status: { pauseConditions: null, currentStepIndex: null },
    });
    expect(parsed.spec.paused ?? false).toBe(false);
    expect(parsed.status?.pauseConditions ?? []).toEqual([]);
  });

  it("refuse an object of the wrong shape, naming the field", () => {
    const result = rolloutSchema.safeParse({ metadata: { name: "checkout" }, spec: { replicas: "three" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["spec", "replicas"]);
  });

  it("keep an analysis metric's provider object and its IntOrString limits", () => {
    const parsed = analysisRunSchema.parse(fixture("info/rollout-aborted/analysisrun.yaml"));
    expect(parsed.spec?.metrics?.[0]?.provider).toEqual({
      web: { jsonPath: "{$.completed}", url: "https://jsonplaceholder.typicode.com/todos/1" },
    });
    const limits = analysisRunSchema.parse({
      metadata: { name: "run" },
      spec: { metrics: [{ name: "m", count: "{{args.count}}", failureLimit: 2 }] },
    });
    expect(limits.spec?.metrics?.[0]).toMatchObject({ count: "{{args.count}}", failureLimit: 2 });
  });
});
