"use client";

import { Badge } from "@/components/ui/feedback";
import { Panel } from "@/components/ui/panel";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ReplicaSetView } from "@/lib/argo-rollouts/replica-sets";
import type { RevisionRole } from "@/lib/services/deployments/model";
import { formatAge } from "@/lib/format";
import { RoleBadge } from "../badges";
import { useNow } from "../use-now";

export function rolesOf(replicaSet: ReplicaSetView): RevisionRole[] {
  return (["stable", "canary", "active", "preview"] as const).filter((role) => replicaSet[role]);
}

const HEALTH_TONE = {
  Healthy: "ok",
  Progressing: "info",
  ScaledDown: "neutral",
  ReplicaFailure: "crit",
} as const;

export function ReplicaSetHealth({ replicaSet }: { replicaSet: ReplicaSetView }) {
  return <Badge tone={HEALTH_TONE[replicaSet.health]}>{replicaSet.health}</Badge>;
}

/** The images of a ReplicaSet, the registry path shortened to its last part (the whole in a title). */
export function Images({ images }: { images: string[] }) {
  return (
    <span className="flex flex-col font-mono text-xs">
      {images.map((image, i) => (
        <span key={`${image}-${i}`} title={image} className="break-all">
          {image.split("/").at(-1)}
        </span>
      ))}
    </span>
  );
}

/** The rollout's ReplicaSets, newest revision first: roles, images, replicas and age. */
export function RevisionsPanel({ replicaSets }: { replicaSets: ReplicaSetView[] }) {
  const now = useNow(30_000);
  return (
    <Panel title="Revisions" note="ReplicaSets, newest first">
      <Table
        framed={false}
        density="compact"
        caption="Revisions"
        data-testid="revisions-table"
        empty={replicaSets.length === 0 && <p className="text-sm text-zinc-500">No ReplicaSet yet.</p>}
      >
        <TableHeader>
          <TableHead numeric>Revision</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Images</TableHead>
          <TableHead numeric>Ready</TableHead>
          <TableHead>Health</TableHead>
          <TableHead>Age</TableHead>
        </TableHeader>
        <TableBody>
          {replicaSets.map((rs) => (
            <TableRow key={rs.name} data-testid={`revision-${rs.revision ?? rs.name}`}>
              <TableCell numeric title={rs.name}>
                {rs.revision ?? "—"}
              </TableCell>
              <TableCell>
                <span className="flex flex-wrap gap-1">
                  {rolesOf(rs).map((role) => (
                    <RoleBadge key={role} role={role} />
                  ))}
                </span>
              </TableCell>
              <TableCell>
                <Images images={rs.images} />
              </TableCell>
              <TableCell numeric>
                {rs.replicas.ready}/{rs.replicas.desired ?? rs.replicas.current}
              </TableCell>
              <TableCell>
                <ReplicaSetHealth replicaSet={rs} />
              </TableCell>
              <TableCell
                className="whitespace-nowrap text-zinc-600 dark:text-zinc-400"
                title={rs.createdAt ?? ""}
              >
                {rs.createdAt ? formatAge(rs.createdAt, now) : "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Panel>
  );
}
