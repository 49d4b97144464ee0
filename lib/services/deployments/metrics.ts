// A rollout's canary and stable (or active and preview) side by side: request rate, error ratio and p95
// latency per revision from Prometheus, told apart by the label carrying each pod's template hash
// (DEPLOYMENTS_REVISION_LABEL, as Prometheus's Kubernetes discovery relabels `rollouts-pod-template-hash`).
// Every value placed into PromQL goes through the escaping builder (lib/prometheus/promql.ts).
import { describeRollout } from "@/lib/argo-rollouts/describe";
import type { ReplicaSetView } from "@/lib/argo-rollouts/replica-sets";
import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { prometheus, type PrometheusClient, type RangeSeries } from "@/lib/prometheus/client";
import { metricProfile, type MetricProfile } from "@/lib/prometheus/profile";
import { duration, labelName, matcher, regexLiteral, selector } from "@/lib/prometheus/promql";
import { authorize, parseInput, type ServiceContext } from "@/lib/services/context";
import { SharedResultCache } from "@/lib/upstream/cache";
import { fromUpstream } from "@/lib/upstream/sources";
import { cachedRelated, cachedRollout } from "./argo-objects";
import type { DeploymentMetrics, MetricPoint, RevisionRole } from "./model";
import { requireDeliveries, type RolloutRef } from "./reads";
import { metricsQuery, rolloutRef } from "./schemas";
import { serviceOf } from "./summary";

export type RevisionQueries = { rate: string; errorRatio: string; p95: string; anySeries: string };

/** The PromQL of the comparison; `service` and the hashes are data and only enter through `matcher`. */
export function revisionQueries(
  profile: MetricProfile,
  revisionLabel: string,
  service: string,
  hashes: string[],
  rateWindowSeconds: number,
): RevisionQueries {
  const by = labelName(revisionLabel);
  const own = matcher(profile.service, "=", service);
  const revisions = matcher(by, "=~", hashes.map(regexLiteral).join("|"));
  const w = duration(`${rateWindowSeconds}s`);
  const requests = `sum by (${by}) (rate(${selector(profile.requests, [own, revisions])}[${w}]))`;
  const errors = `sum by (${by}) (rate(${selector(profile.requests, [own, revisions, profile.errorMatcher])}[${w}]))`;
  return {
    rate: requests,
    errorRatio: `(${errors} or ${requests} * 0) / (${requests} > 0)`,
    p95: `histogram_quantile(0.95, sum by (${by}, le) (rate(${selector(profile.durationBucket, [own, revisions])}[${w}])))`,
    anySeries: `count(${selector(profile.requests, [own])})`,
  };
}

const RANGE_SECONDS: Record<string, number> = {
  "15m": 900,
  "30m": 1_800,
  "1h": 3_600,
  "3h": 10_800,
  "6h": 21_600,
};

const cache = new SharedResultCache();
const TTL_MS = 10_000;

type Compared = {
  rows: Pick<DeploymentMetrics, "revisions" | "noSeries">;
  range: DeploymentMetrics["range"];
};

async function compare(
  client: PrometheusClient,
  profile: MetricProfile,
  revisionLabel: string,
  service: string,
  roles: { role: RevisionRole; replicaSet: ReplicaSetView }[],
  start: Date,
  end: Date,
  step: number,
): Promise<Compared["rows"]> {
  const hashes = roles.map((r) => r.replicaSet.podTemplateHash!);
  const q = revisionQueries(profile, revisionLabel, service, hashes, Math.max(60, step * 2));
  const [rate, errorRatio, p95] = await Promise.all([
    client.range(q.rate, start, end, step),
    client.range(q.errorRatio, start, end, step),
    client.range(q.p95, start, end, step),
  ]);
  const pointsOf = (series: RangeSeries[], hash: string): MetricPoint[] =>
    (series.find((s) => s.labels[revisionLabel] === hash)?.points ?? []).filter(([, v]) =>
      Number.isFinite(v),
    );
  const revisions = roles.map(({ role, replicaSet }) => ({
    role,
    hash: replicaSet.podTemplateHash!,
    revision: replicaSet.revision,
    series: {
      rate: pointsOf(rate, replicaSet.podTemplateHash!),
      errorRatio: pointsOf(errorRatio, replicaSet.podTemplateHash!),
      p95: pointsOf(p95, replicaSet.podTemplateHash!),
    },
  }));
  if (revisions.some((r) => r.series.rate.length || r.series.p95.length))
    return { revisions, noSeries: null };
  const any = await client.instant(q.anySeries, end);
  const noSeries = any.length
    ? `Prometheus has request series of service "${service}", but none labelled ${revisionLabel} with the revisions' pod template hashes (${hashes.join(", ")}); relabel the pods' rollouts-pod-template-hash to ${revisionLabel} (DEPLOYMENTS_REVISION_LABEL).`
    : `Prometheus has no request series of service "${service}" (label ${profile.service}), so there are no per-revision series to compare.`;
  return { revisions, noSeries };
}

/** `GET …/:name/metrics?range=`: canary vs stable (blue-green: active vs preview) RED from Prometheus. */
export async function getRolloutMetrics(
  ctx: ServiceContext,
  ref: RolloutRef,
  raw: unknown,
): Promise<DeploymentMetrics> {
  authorize(ctx, "deployments:read");
  parseInput(rolloutRef, ref);
  const { range } = parseInput(metricsQuery, raw);
  const index = requireDeliveries();
  const cluster = index.kube.cluster(ref.cluster);
  const rollout = cachedRollout(cluster, ref.namespace, ref.name);
  if (!rollout) {
    throw new NotFoundError(
      `No rollout "${ref.name}" in namespace "${ref.namespace}" of Kubernetes cluster "${ref.cluster}".`,
    );
  }
  const view = describeRollout(rollout, cachedRelated(cluster, rollout), new Date());
  const service = serviceOf(rollout, env().DEPLOYMENTS_SERVICE_LABEL);
  const revisionLabel = env().DEPLOYMENTS_REVISION_LABEL;
  const candidates: [RevisionRole, ReplicaSetView | null][] =
    view.strategy === "BlueGreen"
      ? [
          ["active", view.active],
          ["preview", view.preview],
        ]
      : [
          ["stable", view.stable],
          ["canary", view.canary],
        ];
  const roles: { role: RevisionRole; replicaSet: ReplicaSetView }[] = [];
  for (const [role, replicaSet] of candidates) {
    if (replicaSet?.podTemplateHash && !roles.some((r) => r.replicaSet.name === replicaSet.name))
      roles.push({ role, replicaSet });
  }
  const seconds = RANGE_SECONDS[range]!;
  const step = Math.max(15, Math.ceil(seconds / 120));
  const window = () => {
    // Aligned to the step, so that the points of successive answers line up.
    const end = new Date(Math.floor(Date.now() / (step * 1000)) * step * 1000);
    return { start: new Date(end.getTime() - seconds * 1000), end };
  };
  const rangeOf = ({ start, end }: { start: Date; end: Date }) => ({
    start: start.toISOString(),
    end: end.toISOString(),
    stepSeconds: step,
  });
  const answer = (compared: Compared, source: DeploymentMetrics["source"]): DeploymentMetrics => ({
    service,
    label: revisionLabel,
    range: compared.range,
    ...compared.rows,
    source,
  });
  if (!roles.length) {
    return answer(
      {
        rows: {
          revisions: [],
          noSeries: `${ref.name} has no ReplicaSets yet, so there are no revisions to compare.`,
        },
        range: rangeOf(window()),
      },
      { state: "ok", asOf: new Date().toISOString() },
    );
  }
  const profile = metricProfile();
  const hashes = roles.map((r) => r.replicaSet.podTemplateHash).join(",");
  // Viewers of one rollout share one set of queries every 10 s; the last good answer outlives a failure.
  const result = await fromUpstream(
    prometheus(),
    "Set PROMETHEUS_URL to compare the revisions' metrics.",
    (client) =>
      cache.get(`rollout-metrics:${service}:${hashes}:${range}`, TTL_MS, async () => {
        const { start, end } = window();
        const rows = await compare(client, profile, revisionLabel, service, roles, start, end, step);
        return { rows, range: rangeOf({ start, end }) };
      }),
  );
  return answer(
    result.value ?? { rows: { revisions: [], noSeries: null }, range: rangeOf(window()) },
    result.source,
  );
}
