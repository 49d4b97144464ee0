import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessDenied } from "@/components/access-denied";
import { RolloutPage } from "@/components/deployments/rollout/rollout-page";
import { pageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/auth/permissions";

type Props = { params: Promise<{ cluster: string; namespace: string; name: string }> };

/** Kubernetes names of namespaces and rollouts (RFC 1123 subdomains); anything else names nothing. */
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

async function rolloutRef(params: Props["params"]) {
  const { cluster, namespace, name } = await params;
  return {
    cluster: decodeURIComponent(cluster),
    namespace: decodeURIComponent(namespace),
    name: decodeURIComponent(name),
  };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = await rolloutRef(params);
  return { title: `${ref.name} (${ref.namespace})` };
}

export default async function Page({ params }: Props) {
  const { ctx, forbidden } = await pageContext("deployments:read");
  if (forbidden) return <AccessDenied permission={forbidden.permission} />;
  const ref = await rolloutRef(params);
  if (!ref.cluster || !KUBE_NAME.test(ref.namespace) || !KUBE_NAME.test(ref.name)) notFound();
  return <RolloutPage rolloutRef={ref} canAct={can(ctx.actor!.role, "deployments:act")} />;
}
