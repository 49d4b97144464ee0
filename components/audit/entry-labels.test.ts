import { describe, expect, it } from "vitest";
import { actorBadge, auditTargetHref, shortTargetId } from "./entry-labels";

const ID = "3f0c2a9e-8b1d-4c6e-9f7a-2d5b8c1e4a60";

describe("audit entry labels", () => {
  it("links a target to its page where it has one", () => {
    expect(auditTargetHref({ targetType: "incident", targetId: ID })).toBe(`/incidents/${ID}`);
    expect(auditTargetHref({ targetType: "runbook", targetId: ID })).toBe(`/runbooks/${ID}`);
    expect(auditTargetHref({ targetType: "service", targetId: "check out" })).toBe("/services/check%20out");
    expect(auditTargetHref({ targetType: "rollout", targetId: "argo-rollouts/kind/shop/checkout" })).toBe(
      "/deployments/argo-rollouts/kind/shop/checkout",
    );
    expect(auditTargetHref({ targetType: "canary", targetId: "flagger/kind/shop/payments" })).toBe(
      "/deployments/flagger/kind/shop/payments",
    );
  });

  it("links any other target to the log's entries about it", () => {
    expect(auditTargetHref({ targetType: "user", targetId: ID })).toBe(
      `/audit?targetType=user&targetId=${ID}`,
    );
    expect(auditTargetHref({ targetType: "rollout", targetId: "not/a key" })).toBe(
      "/audit?targetType=rollout&targetId=not%2Fa+key",
    );
    expect(auditTargetHref({ targetType: null, targetId: null })).toBeNull();
  });

  it("shortens UUIDs only", () => {
    expect(shortTargetId(ID)).toBe("3f0c2a9e…");
    expect(shortTargetId("checkout")).toBe("checkout");
  });

  it("badges a webhook as a webhook, not with the role it acts with", () => {
    expect(actorBadge({ authMethod: "webhook", actorId: null, actorRole: "responder" })).toBe("webhook");
    expect(actorBadge({ authMethod: "credentials", actorId: ID, actorRole: "admin" })).toBe("admin");
  });
});
