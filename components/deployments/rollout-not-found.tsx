import { GitBranch } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/feedback";

/** A rollout that is not there (deleted, renamed, or a mistyped address), with the way back. */
export function RolloutNotFound({
  rolloutRef,
}: {
  rolloutRef?: { cluster: string; namespace: string; name: string };
}) {
  return (
    <EmptyState
      icon={<GitBranch className="size-8" />}
      title={
        rolloutRef
          ? `No rollout ${rolloutRef.name} in ${rolloutRef.namespace} of cluster ${rolloutRef.cluster}`
          : "There is no rollout at this address"
      }
      action={
        <Link
          href="/deployments"
          className="text-sm font-medium text-sky-700 underline underline-offset-4 dark:text-sky-400"
        >
          See every rollout
        </Link>
      }
    >
      It may have been deleted or renamed, its namespace may not be watched by Opsdeck, or the link is
      mistyped.
    </EmptyState>
  );
}
