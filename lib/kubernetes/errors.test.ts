import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from "@/lib/errors";
import {
  kubernetesError,
  KubernetesForbiddenError,
  parseStatus,
  type KubeRequestDescription,
} from "./errors";

const patchStatus: KubeRequestDescription = {
  cluster: "prod-eu",
  verb: "patch",
  kind: "Rollout",
  resource: "rollouts/status",
  namespace: "shop",
  name: "checkout",
};

// Bodies as kube-apiserver 1.34 sends them.
const forbidden = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message:
    'rollouts.argoproj.io "checkout" is forbidden: User "opsdeck" cannot delete resource "rollouts" in API group "argoproj.io" in the namespace "shop"',
  reason: "Forbidden",
  details: { name: "checkout", group: "argoproj.io", kind: "rollouts" },
  code: 403,
});

describe("kubernetesError", () => {
  it("turns the app's RBAC refusal into a 403 naming the cluster and what was refused", () => {
    const error = kubernetesError(403, parseStatus(forbidden), patchStatus);
    expect(error).toBeInstanceOf(KubernetesForbiddenError);
    expect(error).toBeInstanceOf(ForbiddenError);
    const refused = error as KubernetesForbiddenError;
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(
      'Kubernetes cluster "prod-eu" refused Opsdeck: its account may not patch rollouts/status in namespace "shop". Grant it in the cluster\'s RBAC (deploy/kubernetes/rbac.yaml).',
    );
    expect(refused.details()).toEqual({
      permission: "kubernetes:patch:rollouts/status",
      upstream: "kubernetes",
      cluster: "prod-eu",
    });
  });

  it("says who was refused when the request impersonated a person", () => {
    const error = kubernetesError(403, parseStatus(forbidden), {
      ...patchStatus,
      impersonating: { user: "ana@example.com", groups: ["opsdeck:operator", "system:authenticated"] },
    });
    expect(error.message).toBe(
      'Kubernetes cluster "prod-eu" does not allow ana@example.com (opsdeck:operator, system:authenticated) to patch rollouts/status in namespace "shop" (the cluster\'s own RBAC).',
    );
  });

  it("tells impersonation itself being refused apart from the person's RBAC", () => {
    const body = JSON.stringify({
      kind: "Status",
      status: "Failure",
      message:
        'users "ana@example.com" is forbidden: User "opsdeck" cannot impersonate resource "users" in API group "" at the cluster scope',
      reason: "Forbidden",
      details: { name: "ana@example.com", kind: "users" },
      code: 403,
    });
    const error = kubernetesError(403, parseStatus(body), {
      ...patchStatus,
      impersonating: { user: "ana@example.com", groups: ["opsdeck:operator"] },
    });
    expect(error.message).toMatch(/does not let Opsdeck act as ana@example\.com .*opsdeck-impersonator/);
  });

  it("maps 401 to an unavailable upstream: nothing works until the credentials are fixed", () => {
    const error = kubernetesError(
      401,
      parseStatus('{"kind":"Status","reason":"Unauthorized","code":401}'),
      patchStatus,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
    expect(error.message).toMatch(/^Kubernetes cluster "prod-eu" rejected Opsdeck's credentials/);
  });

  it("maps 404 to NotFoundError and 409 to ConflictError with Kubernetes' reason", () => {
    expect(kubernetesError(404, {}, patchStatus)).toEqual(
      new NotFoundError(
        'Rollout "checkout" in namespace "shop" was not found in Kubernetes cluster "prod-eu".',
      ),
    );
    const conflict = kubernetesError(
      409,
      parseStatus(
        JSON.stringify({
          kind: "Status",
          message:
            'Operation cannot be fulfilled on rollouts.argoproj.io "checkout": the object has been modified; please apply your changes to the latest version and try again',
          reason: "Conflict",
          code: 409,
        }),
      ),
      patchStatus,
    );
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.message).toMatch(
      /refused the change to Rollout "checkout" in namespace "shop": Operation cannot be fulfilled/,
    );
  });

  it("maps 422 Invalid to a ValidationError with each cause under its field", () => {
    const body = JSON.stringify({
      kind: "Status",
      message: 'Rollout.argoproj.io "checkout" is invalid: spec.replicas: Invalid value: -1: must be >= 0',
      reason: "Invalid",
      details: {
        name: "checkout",
        group: "argoproj.io",
        kind: "Rollout",
        causes: [
          { reason: "FieldValueInvalid", message: "Invalid value: -1: must be >= 0", field: "spec.replicas" },
        ],
      },
      code: 422,
    });
    const error = kubernetesError(422, parseStatus(body), patchStatus) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields).toEqual({ "spec.replicas": ["Invalid value: -1: must be >= 0"] });
    expect(error.message).toMatch(/rejected the change to Rollout "checkout".*spec\.replicas/);
  });

  it("maps 5xx and throttling to an unavailable upstream and 504 to a timeout", () => {
    for (const code of [500, 502, 503, 429]) {
      const error = kubernetesError(
        code,
        parseStatus("<html>bad gateway</html>"),
        patchStatus,
      ) as UpstreamError;
      expect(error).toBeInstanceOf(UpstreamError);
      expect([error.kind, error.status]).toEqual(["unavailable", 503]);
    }
    expect((kubernetesError(504, {}, patchStatus) as UpstreamError).kind).toBe("timeout");
    expect((kubernetesError(405, {}, patchStatus) as UpstreamError).kind).toBe("bad_response");
  });

  it("keeps a non-JSON error body short", () => {
    expect(parseStatus("x".repeat(2000)).message).toHaveLength(300);
    expect(parseStatus("")).toEqual({ message: undefined });
  });
});
