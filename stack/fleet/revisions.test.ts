import { describe, expect, it } from "vitest";
import { seededRandom } from "../random";
import {
  chooseRevision,
  revisionAttributes,
  revisionLabels,
  revisionsSchema,
  servedHashes,
  type Revisions,
} from "./revisions";

const STABLE = { hash: "6d4f8b7c9", tag: "v1" };
const CANARY = { hash: "7b9c5d6f8", tag: "v2" };
const withCanary = (weight: number): Revisions => ({ stable: STABLE, canary: { ...CANARY, weight } });

const issues = (body: unknown) => {
  const parsed = revisionsSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the revisions knob", () => {
  it("takes a stable and a weighted canary, or a stable alone", () => {
    expect(revisionsSchema.parse(withCanary(25))).toEqual(withCanary(25));
    expect(revisionsSchema.parse({ stable: STABLE, canary: null })).toEqual({ stable: STABLE, canary: null });
    expect(revisionsSchema.parse({ stable: STABLE })).toEqual({ stable: STABLE, canary: null });
  });

  it("names the field of what it refuses", () => {
    expect(issues({ stable: { hash: "", tag: "v1" } })).toEqual([
      "stable.hash: must be a Kubernetes label value",
    ]);
    expect(issues({ stable: { hash: "a".repeat(64), tag: "v1" } })).toHaveLength(1);
    expect(issues({ stable: { hash: "abc", tag: "v 1" } })).toEqual([
      "stable.tag: must be an image tag (letters, digits, _ . -, at most 128)",
    ]);
    expect(issues({ stable: STABLE, canary: { ...CANARY, weight: 101 } })).toEqual([
      "canary.weight: Too big: expected number to be <=100",
    ]);
    expect(issues({ stable: STABLE, canary: { ...CANARY, weight: 12.5 } })).toEqual([
      "canary.weight: Invalid input: expected int, received number",
    ]);
    expect(issues({ stable: STABLE, canary: CANARY })[0]).toMatch(/^canary\.weight: /);
    expect(issues({ stable: STABLE, canary: { ...STABLE, weight: 10 } })).toEqual([
      "canary.hash: must differ from the stable's hash",
    ]);
    expect(issues({ stable: STABLE, extra: 1 })[0]).toMatch(/extra/);
    expect(issues({ canary: null })[0]).toMatch(/^stable: /);
  });
});

describe("serving a request as a revision", () => {
  it("serves every request as the stable, without a revision, until one is set", () => {
    expect(chooseRevision(null, () => 0)).toEqual({ role: "stable", revision: null });
    expect(chooseRevision({ stable: STABLE, canary: null }, () => 0)).toEqual({
      role: "stable",
      revision: STABLE,
    });
  });

  it("serves the canary's weight in percent of the requests", () => {
    for (const weight of [0, 5, 25, 50, 100]) {
      const random = seededRandom(weight + 1);
      let canary = 0;
      for (let i = 0; i < 20_000; i++)
        if (chooseRevision(withCanary(weight), random).role === "canary") canary++;
      // 20,000 draws: the share's standard deviation is at most 0.35 percentage points.
      expect(Math.abs((canary / 20_000) * 100 - weight)).toBeLessThan(1.5);
      if (weight === 0) expect(canary).toBe(0);
      if (weight === 100) expect(canary).toBe(20_000);
    }
  });

  it("splits at weight/100: a draw below it is the canary's", () => {
    expect(chooseRevision(withCanary(25), () => 0.2499).revision).toEqual(CANARY);
    expect(chooseRevision(withCanary(25), () => 0.25).revision).toEqual(STABLE);
  });

  it("labels the request's metrics and span with its revision, and adds nothing without one", () => {
    expect(revisionLabels(STABLE)).toEqual({
      rollouts_pod_template_hash: "6d4f8b7c9",
      service_version: "v1",
    });
    expect(revisionAttributes(CANARY)).toEqual({
      "k8s.pod.label.rollouts-pod-template-hash": "7b9c5d6f8",
      "service.version": "v2",
    });
    expect(revisionLabels(null)).toEqual({});
    expect(revisionAttributes(null)).toEqual({});
  });

  it("keeps the series of the revisions it serves", () => {
    expect(servedHashes(null)).toEqual(new Set([undefined]));
    expect(servedHashes({ stable: STABLE, canary: null })).toEqual(new Set([STABLE.hash]));
    expect(servedHashes(withCanary(0))).toEqual(new Set([STABLE.hash, CANARY.hash]));
  });
});
