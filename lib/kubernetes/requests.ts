// Requests to one cluster with errors already typed: a Kubernetes Status becomes the project's error for
// it, a connection failure an UpstreamError naming the cluster. Shared by the informers' lists and the
// client's reads and patches.
import type { KubeConfig } from "@kubernetes/client-node";
import { AppError, UpstreamError } from "@/lib/errors";
import { kubernetesError, parseStatus, type KubeRequestDescription } from "./errors";
import { collectionPath, type KindDescriptor, type KubeObject } from "./kinds";
import { HttpStatusError, send, type SendOptions } from "./transport";

export type KubeRequest = Omit<SendOptions, "headers"> & {
  describe: KubeRequestDescription;
  headers?: Record<string, string | string[]>;
};

/** Sends the request; resolves with the parsed JSON body of a 2xx answer, throws a typed error otherwise. */
export async function request(kubeConfig: KubeConfig, req: KubeRequest): Promise<unknown> {
  let response;
  try {
    response = await send(kubeConfig, req);
  } catch (error) {
    if (req.signal?.aborted) throw error;
    throw unreachable(error, req.describe.cluster, kubeConfig);
  }
  if (response.status < 200 || response.status >= 300) {
    throw kubernetesError(response.status, parseStatus(response.body), req.describe);
  }
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    throw new UpstreamError(
      "kubernetes",
      "bad_response",
      `Kubernetes cluster "${req.describe.cluster}" answered ${req.describe.verb} ${req.describe.resource} with something that is not JSON.`,
    );
  }
}

function unreachable(error: unknown, cluster: string, kubeConfig: KubeConfig): UpstreamError {
  const server = kubeConfig.getCurrentCluster()?.server ?? "";
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new UpstreamError(
    "kubernetes",
    "unavailable",
    `Kubernetes cluster "${cluster}" at ${server} is unreachable (${reason}).`,
    { cause: error },
  );
}

/** A message for an informer's failure (list or watch), for logs and the cluster's state. */
export function describeFailure(
  error: unknown,
  request: KubeRequestDescription,
  kubeConfig: KubeConfig,
): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof HttpStatusError) {
    return kubernetesError(error.statusCode, { message: error.message }, request).message;
  }
  if ((error as NodeJS.ErrnoException).code) return unreachable(error, request.cluster, kubeConfig).message;
  return `Kubernetes cluster "${request.cluster}": ${(error as Error).message}`;
}

const PAGE_SIZE = 500;
const LIST_TIMEOUT_MS = 60_000;

type ListPage = { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown[] };

/**
 * Every object of the kind (all namespaces when `namespace` is undefined), page by page as client-go's
 * pager does, so that a large list does not make the API server build one huge answer.
 */
export async function listObjects(
  kubeConfig: KubeConfig,
  cluster: string,
  kind: KindDescriptor<KubeObject>,
  namespace: string | undefined,
  options: { labelSelector?: string; fieldSelector?: string; signal?: AbortSignal } = {},
): Promise<{ items: unknown[]; resourceVersion: string }> {
  const items: unknown[] = [];
  let token: string | undefined;
  let resourceVersion = "";
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const labelSelector = options.labelSelector ?? kind.labelSelector;
    const fieldSelector = options.fieldSelector ?? kind.fieldSelector;
    if (labelSelector) query.set("labelSelector", labelSelector);
    if (fieldSelector) query.set("fieldSelector", fieldSelector);
    if (token) query.set("continue", token);
    const signal = options.signal ?? AbortSignal.timeout(LIST_TIMEOUT_MS);
    let page: ListPage;
    try {
      page = (await request(kubeConfig, {
        method: "GET",
        path: `${collectionPath(kind, namespace)}?${query}`,
        signal,
        describe: { cluster, verb: "list", kind: kind.kind, resource: kind.plural, namespace },
      })) as ListPage;
    } catch (error) {
      if (signal.aborted && !options.signal) {
        throw new UpstreamError(
          "kubernetes",
          "timeout",
          `Kubernetes cluster "${cluster}" did not list ${kind.plural} within ${LIST_TIMEOUT_MS / 1000}s.`,
        );
      }
      throw error;
    }
    items.push(...(page.items ?? []));
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    token = page.metadata?.continue || undefined;
  } while (token);
  return { items, resourceVersion };
}
