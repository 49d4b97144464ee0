// Kubernetes answers errors with a `Status` object; these map them to the project's typed errors, with
// messages that name the cluster and say what was refused. See docs/adr/0013 for why 403 is a
// ForbiddenError (the action is refused, the cluster is fine) while 401 is an UpstreamError (nothing
// Opsdeck asks of that cluster can work until its credentials are fixed).
import { z } from "zod";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
  type FieldErrors,
} from "@/lib/errors";

export const statusSchema = z.object({
  kind: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
  details: z
    .object({
      name: z.string().optional(),
      group: z.string().optional(),
      kind: z.string().optional(),
      causes: z
        .array(
          z.object({
            reason: z.string().optional(),
            message: z.string().optional(),
            field: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type KubeStatus = z.infer<typeof statusSchema>;

/** What was asked, for messages: "patch rollouts/status "checkout" in namespace "demo"". */
export type KubeRequestDescription = {
  cluster: string;
  verb: string;
  kind: string;
  /** The resource, with its subresource: "rollouts/status". */
  resource: string;
  namespace?: string;
  name?: string;
  impersonating?: { user: string; groups: string[] };
};

/** Kubernetes' RBAC refused a request: the app's own account, or the person it impersonated. */
export class KubernetesForbiddenError extends ForbiddenError {
  static override readonly kind: string = "KubernetesForbiddenError";
  constructor(
    readonly cluster: string,
    readonly request: KubeRequestDescription,
    message: string,
  ) {
    super(`kubernetes:${request.verb}:${request.resource}`, message);
  }
  override details() {
    return { ...super.details(), upstream: "kubernetes", cluster: this.cluster };
  }
}

const where = (r: KubeRequestDescription) => (r.namespace ? ` in namespace "${r.namespace}"` : "");
const what = (r: KubeRequestDescription) =>
  r.name ? `${r.kind} "${r.name}"${where(r)}` : `${r.resource}${where(r)}`;

/** Parses a Status from an error answer's body, or returns an empty one for other bodies. */
export function parseStatus(body: string): KubeStatus {
  try {
    const parsed = statusSchema.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: a proxy's page, or an empty body
  }
  return { message: body.trim().slice(0, 300) || undefined };
}

/** The typed error for a Kubernetes answer with HTTP status `code`. */
export function kubernetesError(code: number, status: KubeStatus, request: KubeRequestDescription): Error {
  const cluster = `Kubernetes cluster "${request.cluster}"`;
  const said = status.message ? `: ${status.message}` : "";
  switch (code) {
    case 401:
      return new UpstreamError(
        "kubernetes",
        "unavailable",
        `${cluster} rejected Opsdeck's credentials (401 Unauthorized); check the kubeconfig user or the service-account token.`,
      );
    case 403:
      return new KubernetesForbiddenError(request.cluster, request, forbiddenMessage(status, request));
    case 404:
      return new NotFoundError(`${what(request)} was not found in ${cluster}.`);
    case 409:
      return new ConflictError(`${cluster} refused the change to ${what(request)}${said}`);
    case 400:
    case 422:
      return new ValidationError(
        fieldsOf(status, request),
        `${cluster} rejected the change to ${what(request)}${said}`,
      );
    case 429:
      return new UpstreamError("kubernetes", "unavailable", `${cluster} is throttling Opsdeck (429)${said}`);
    case 504:
      return new UpstreamError("kubernetes", "timeout", `${cluster} timed out answering (504)${said}`);
    default:
      return new UpstreamError(
        "kubernetes",
        code >= 500 ? "unavailable" : "bad_response",
        `${cluster} failed to ${request.verb} ${what(request)} (HTTP ${code})${said}`,
      );
  }
}

function forbiddenMessage(status: KubeStatus, request: KubeRequestDescription): string {
  const cluster = `Kubernetes cluster "${request.cluster}"`;
  const action = `${request.verb} ${request.resource}${where(request)}`;
  const person = request.impersonating;
  // Impersonation itself refused: Kubernetes names the core group's users/groups resource (the empty
  // group is left out of the answer).
  const details = status.details;
  if (person && details && !details.group && ["users", "groups"].includes(details.kind ?? "")) {
    return `${cluster} does not let Opsdeck act as ${person.user} (impersonating ${details.kind} is not granted to it; bind the opsdeck-impersonator ClusterRole or turn KUBE_IMPERSONATE off).`;
  }
  if (person) {
    return `${cluster} does not allow ${person.user} (${person.groups.join(", ")}) to ${action} (the cluster's own RBAC).`;
  }
  return `${cluster} refused Opsdeck: its account may not ${action}. Grant it in the cluster's RBAC (deploy/kubernetes/rbac.yaml).`;
}

function fieldsOf(status: KubeStatus, request: KubeRequestDescription): FieldErrors {
  const fields: FieldErrors = {};
  for (const cause of status.details?.causes ?? []) {
    const field = cause.field || request.resource;
    (fields[field] ??= []).push(cause.message ?? cause.reason ?? "invalid");
  }
  if (!Object.keys(fields).length) fields[request.resource] = [status.message ?? "invalid"];
  return fields;
}
