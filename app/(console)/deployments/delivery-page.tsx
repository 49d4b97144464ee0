import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessDenied } from "@/components/access-denied";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

// What the page of one rollout or canary does before it shows it; both sources' routes share it.

/** How a deployment page's path names what it shows. */
export type DeliveryPageProps = { params: Promise<{ cluster: string; namespace: string; name: string }> };

type DeliveryPageRef = { cluster: string; namespace: string; name: string };

/** Kubernetes names of namespaces and objects (RFC 1123 subdomains); anything else names nothing. */
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The cluster, namespace and name of the path, decoded. */
async function deliveryPageRef(params: DeliveryPageProps["params"]): Promise<DeliveryPageRef> {
  const { cluster, namespace, name } = await params;
  return {
    cluster: decodeURIComponent(cluster),
    namespace: decodeURIComponent(namespace),
    name: decodeURIComponent(name),
  };
}

/** The tab's title: the name and namespace of the path. */
export async function deliveryPageMetadata({ params }: DeliveryPageProps): Promise<Metadata> {
  const ref = await deliveryPageRef(params);
  return { title: `${ref.name} (${ref.namespace})` };
}

/**
 * The page for a reader of deployments: `show` with the path's rollout or canary and whether the
 * viewer may act on it. Access denied for a role that may not read deployments; the 404 page for a
 * path that cannot name a Kubernetes object.
 */
export async function renderDeliveryPage(
  { params }: DeliveryPageProps,
  show: (ref: DeliveryPageRef, canAct: boolean) => React.ReactNode,
) {
  const { ctx, forbidden } = await pageContext("deployments:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const ref = await deliveryPageRef(params);
  if (!ref.cluster || !KUBE_NAME.test(ref.namespace) || !KUBE_NAME.test(ref.name)) notFound();
  return show(ref, can(ctx.actor!.role, "deployments:act"));
}
