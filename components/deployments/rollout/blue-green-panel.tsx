"use client";

import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Panel } from "@/components/ui/panel";
import type { RolloutView } from "@/lib/argo-rollouts/describe";
import type { ReplicaSetView } from "@/lib/argo-rollouts/replica-sets";
import { formatCountdown, secondsUntil } from "../format";
import { useNow } from "../use-now";
import { Images, ReplicaSetHealth } from "./revisions-panel";

function Side({
  title,
  service,
  replicaSet,
  testId,
  emptyText,
}: {
  title: string;
  service: string | null;
  replicaSet: ReplicaSetView | null;
  testId: string;
  emptyText: string;
}) {
  return (
    <Card className={cn("p-3", !replicaSet && "border-dashed")}>
      <section aria-label={title} data-testid={testId}>
        <div className="mb-2 flex items-baseline justify-between gap-2">
          <h3 className="text-sm font-semibold">{title}</h3>
          {service && <span className="font-mono text-xs text-zinc-500">service {service}</span>}
        </div>
        {replicaSet ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-zinc-500">Revision</dt>
            <dd className="font-medium tabular-nums" data-testid={`${testId}-revision`}>
              {replicaSet.revision ?? replicaSet.name}
            </dd>
            <dt className="text-zinc-500">Images</dt>
            <dd>
              <Images images={replicaSet.images} />
            </dd>
            <dt className="text-zinc-500">Pods ready</dt>
            <dd className="tabular-nums">
              {replicaSet.replicas.ready}/{replicaSet.replicas.desired ?? replicaSet.replicas.current}
            </dd>
            <dt className="text-zinc-500">Health</dt>
            <dd>
              <ReplicaSetHealth replicaSet={replicaSet} />
            </dd>
          </dl>
        ) : (
          <p className="text-sm text-zinc-500">{emptyText}</p>
        )}
      </section>
    </Card>
  );
}

/** A blue-green rollout's active and preview revisions side by side, with what promotion waits for. */
export function BlueGreenPanel({ view }: { view: RolloutView }) {
  const now = useNow(1000);
  const blueGreen = view.blueGreen;
  if (!blueGreen) return null;
  const autoIn = blueGreen.autoPromotionAt ? secondsUntil(blueGreen.autoPromotionAt, now) : null;
  return (
    <Panel
      title="Active and preview"
      note={
        blueGreen.autoPromotionEnabled
          ? autoIn !== null
            ? `promotes itself in ${formatCountdown(autoIn)}`
            : "promotes itself when the preview is ready"
          : "promoted by a person"
      }
    >
      <div className="grid gap-3 md:grid-cols-2">
        <Side
          title="Active"
          service={blueGreen.activeService}
          replicaSet={view.active}
          testId="blue-green-active"
          emptyText="No revision receives the active service's traffic yet."
        />
        <Side
          title="Preview"
          service={blueGreen.previewService}
          replicaSet={view.preview && view.preview !== view.active ? view.preview : null}
          testId="blue-green-preview"
          emptyText="No new revision is being previewed: the active revision is the latest."
        />
      </div>
    </Panel>
  );
}
