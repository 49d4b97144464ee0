"use client";

import { GitBranch } from "lucide-react";
import { Link } from "@/components/ui/link";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Banner, EmptyState } from "@/components/ui/feedback";
import { Select } from "@/components/ui/field";
import { FilterChips } from "@/components/ui/filter-chips";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { SearchField } from "@/components/ui/search-field";
import {
  SortableHead,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useDeploymentsLive, useDeploymentsQuery, type DeploymentFilters } from "@/lib/client/deployments";
import { formatAge } from "@/lib/format";
import type { DeliverySummary, DeploymentsList } from "@/lib/services/deployments/model";
import { DELIVERY_STATUSES, DEPLOYMENT_SORTS, type DeploymentSort } from "@/lib/services/deployments/schemas";
import { DeliveryStatusBadge, RoleBadge } from "./badges";
import { ClusterBanners } from "./cluster-banners";
import { deliveryHref } from "./format";
import { useNow } from "./use-now";
import { WaitingForYou } from "./waiting-for-you";

/** Time columns read newest first at the first click; names and words A to Z. */
const defaultOrder = (sort: DeploymentSort) => (sort === "lastChange" ? "desc" : "asc");
const list = (value: string) => value.split(",").filter(Boolean);

/** Every rollout of every cluster, the ones waiting for a person on top; filters and sort in the URL. */
export function DeploymentsPage() {
  const [view, setView] = useQueryStates(
    {
      q: parseAsString.withDefault(""),
      status: parseAsString.withDefault(""),
      cluster: parseAsString.withDefault(""),
      namespace: parseAsString.withDefault(""),
      service: parseAsString.withDefault(""),
      sort: parseAsStringLiteral(DEPLOYMENT_SORTS).withDefault("lastChange"),
      order: parseAsStringLiteral(["asc", "desc"] as const),
    },
    { history: "replace" },
  );
  const order = view.order ?? defaultOrder(view.sort);
  const filters: DeploymentFilters = {
    q: view.q.trim() || undefined,
    status: list(view.status),
    cluster: list(view.cluster),
    namespace: list(view.namespace),
    service: list(view.service),
    sort: view.sort,
    order,
  };
  const filtered = Boolean(filters.q || view.status || view.cluster || view.namespace || view.service);
  const deployments = useDeploymentsQuery(filters);
  const live = useDeploymentsLive(filters);
  const data = deployments.data;
  const statusFilter = new Set(filters.status);

  const header = (label: string, sort: DeploymentSort, numeric?: boolean) => (
    <SortableHead
      numeric={numeric}
      sorted={view.sort === sort && (order === "desc" ? "descending" : "ascending")}
      onSort={() =>
        void setView({
          sort,
          order: view.sort === sort ? (order === "desc" ? "asc" : "desc") : defaultOrder(sort),
        })
      }
    >
      {label}
    </SortableHead>
  );

  const notConfigured = data?.kubernetes.state === "not_configured";
  return (
    <>
      <PageHeader
        title="Deployments"
        description="Canary and blue-green rollouts of every cluster and namespace, the ones waiting for a person on top."
        actions={<LiveIndicator live={live} />}
      />
      {data && <ClusterBanners clusters={data.clusters} />}
      {deployments.isError && (
        <div className="mb-4">
          <Banner title="The deployments could not be loaded.">{deployments.error.message}</Banner>
        </div>
      )}
      {notConfigured ? (
        <NoCluster />
      ) : (
        <>
          {data && <WaitingForYou waiting={data.waiting} />}
          <div className="mb-3 flex flex-wrap items-center gap-2" role="search" aria-label="Filter rollouts">
            <SearchField
              id="deployment-filter"
              label="Filter rollouts"
              placeholder="Name, service or image"
              value={view.q}
              onChange={(e) => void setView({ q: e.target.value || null })}
            />
            <FilterChips
              label="Filter by status"
              options={DELIVERY_STATUSES}
              selected={statusFilter}
              onChange={(status) => void setView({ status: status.join(",") || null })}
            />
            <ChoiceFilter
              label="Cluster"
              value={view.cluster}
              options={data?.clusters.map((c) => c.name) ?? []}
              onChange={(cluster) => void setView({ cluster: cluster || null })}
            />
            <ChoiceFilter
              label="Namespace"
              value={view.namespace}
              options={namespacesOf(data)}
              onChange={(namespace) => void setView({ namespace: namespace || null })}
            />
            {filtered && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() =>
                  void setView({ q: null, status: null, cluster: null, namespace: null, service: null })
                }
              >
                Clear filters
              </Button>
            )}
          </div>
          {view.service && (
            <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
              Rollouts of service <strong>{view.service}</strong>.
            </p>
          )}
          <DeploymentsTable
            deployments={data?.deployments}
            loading={deployments.isPending}
            header={header}
            empty={
              data &&
              data.deployments.length === 0 &&
              (filtered ? (
                <EmptyState title="No rollout matches">
                  Clear the filters to see every rollout Opsdeck watches.
                </EmptyState>
              ) : (
                <EmptyState icon={<GitBranch className="size-8" />} title="No rollouts yet">
                  Opsdeck lists the Argo Rollouts of the namespaces it watches in{" "}
                  {data.clusters.map((c) => c.name).join(", ") || "its clusters"}
                  {data.clusters.some((c) => c.namespaces !== "all") &&
                    ` (${data.clusters.flatMap((c) => (c.namespaces === "all" ? [] : c.namespaces)).join(", ")}: set KUBE_NAMESPACES to watch others)`}
                  . Create a Rollout, or check that Opsdeck&apos;s account may list rollouts there (
                  <code>deploy/kubernetes/rbac.yaml</code>).
                </EmptyState>
              ))
            }
          />
        </>
      )}
    </>
  );
}

function namespacesOf(data: DeploymentsList | undefined): string[] {
  const names = new Set<string>();
  for (const cluster of data?.clusters ?? []) {
    if (cluster.namespaces !== "all") for (const ns of cluster.namespaces) names.add(ns);
  }
  for (const delivery of data?.deployments ?? []) names.add(delivery.namespace);
  return [...names].sort();
}

function ChoiceFilter({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  const id = `filter-${label.toLowerCase()}`;
  const choices = value && !options.includes(value) ? [...options, value] : options;
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs text-zinc-500">
        {label}
      </label>
      <Select id={id} className="h-8 w-auto text-xs" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </Select>
    </div>
  );
}

function DeploymentsTable({
  deployments,
  loading,
  header,
  empty,
}: {
  deployments: DeliverySummary[] | undefined;
  loading: boolean;
  header: (label: string, sort: DeploymentSort, numeric?: boolean) => React.ReactNode;
  empty: React.ReactNode;
}) {
  const now = useNow(30_000);
  return (
    <Table caption="Rollouts" loading={loading} empty={empty} data-testid="deployments-table">
      <TableHeader>
        {header("Rollout", "name")}
        {header("Status", "status")}
        <TableHead>Strategy</TableHead>
        {header("Step", "progress")}
        <TableHead numeric>Weight</TableHead>
        <TableHead>Revisions</TableHead>
        <TableHead numeric>Ready</TableHead>
        {header("Changed", "lastChange")}
        {header("Service", "service")}
        {header("Cluster / namespace", "namespace")}
      </TableHeader>
      <TableBody>
        {deployments?.map((d) => (
          <TableRow
            key={d.key}
            interactive
            tone={d.waiting ? "warn" : undefined}
            data-testid={`deployment-row-${d.namespace}-${d.name}`}
            data-status={d.status}
          >
            <TableCell>
              <Link href={deliveryHref(d)} className="font-medium hover:underline">
                {d.name}
              </Link>
              {!d.generationObserved && (
                <div className="text-xs text-amber-700 dark:text-amber-400">
                  change not yet seen by the controller
                </div>
              )}
            </TableCell>
            <TableCell>
              <DeliveryStatusBadge status={d.status} phase={d.phase} />
            </TableCell>
            <TableCell className="text-zinc-600 dark:text-zinc-400">{d.strategy ?? "—"}</TableCell>
            <TableCell className="whitespace-nowrap tabular-nums" title={d.progress?.label}>
              {d.progress ? `${d.progress.current} of ${d.progress.total}` : "—"}
              {d.progress?.label.includes(": ") && (
                <span className="ml-1 text-xs text-zinc-500">
                  {d.progress.label.split(": ").slice(1).join(": ")}
                </span>
              )}
            </TableCell>
            <TableCell numeric className="whitespace-nowrap" title="set / actual">
              {d.weight ? (
                <>
                  {d.weight.set}%<span className="text-zinc-500"> / {d.weight.actual}%</span>
                </>
              ) : (
                "—"
              )}
            </TableCell>
            <TableCell>
              <span className="flex flex-wrap gap-1">
                {d.revisions.map((r) => (
                  <span
                    key={`${r.role}-${r.revision}`}
                    className="inline-flex items-center gap-1 text-xs"
                    title={r.images.join(", ")}
                  >
                    <RoleBadge role={r.role} />
                    <span className="tabular-nums">{r.revision}</span>
                  </span>
                ))}
              </span>
            </TableCell>
            <TableCell
              numeric
              className={cn(d.replicas.ready < d.replicas.desired && "text-amber-700 dark:text-amber-400")}
            >
              {/* A Flagger canary's status counts no pods (its Deployments do). */}
              {d.source === "flagger" ? "—" : `${d.replicas.ready}/${d.replicas.desired}`}
            </TableCell>
            <TableCell
              className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"
              title={d.lastChangeAt ?? ""}
            >
              {d.lastChangeAt ? formatAge(d.lastChangeAt, now) : "—"}
            </TableCell>
            <TableCell>
              <Link href={`/services/${encodeURIComponent(d.service)}`} className="hover:underline">
                {d.service}
              </Link>
            </TableCell>
            <TableCell className="text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
              {d.cluster} / {d.namespace}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function NoCluster() {
  return (
    <NotConfigured
      label="Kubernetes"
      message="Set KUBECONFIG to a kubeconfig file whose contexts are the clusters (choose some with KUBE_CONTEXTS=prod,staging, or * for all), or run Opsdeck in a pod, where it uses its service account."
    >
      <p>
        Give its account the least rights it needs with <code>deploy/kubernetes/rbac.yaml</code>.
      </p>
    </NotConfigured>
  );
}
