import { notFound } from "next/navigation";

/** How a deployment page's path names what it shows; both sources' pages share it. */
export type DeliveryPageParams = Promise<{ cluster: string; namespace: string; name: string }>;

/** Kubernetes names of namespaces and objects (RFC 1123 subdomains); anything else names nothing. */
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The cluster, namespace and name of the path, decoded. */
export async function deliveryPageRef(params: DeliveryPageParams) {
  const { cluster, namespace, name } = await params;
  return {
    cluster: decodeURIComponent(cluster),
    namespace: decodeURIComponent(namespace),
    name: decodeURIComponent(name),
  };
}

/** As deliveryPageRef, or the 404 page for a path that cannot name a Kubernetes object. */
export async function validDeliveryPageRef(params: DeliveryPageParams) {
  const ref = await deliveryPageRef(params);
  if (!ref.cluster || !KUBE_NAME.test(ref.namespace) || !KUBE_NAME.test(ref.name)) notFound();
  return ref;
}
