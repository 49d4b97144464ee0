import { GitBranch } from "lucide-react";
import { Link } from "@/components/ui/link";
import { EmptyState } from "@/components/ui/feedback";

/** A rollout or canary that is not there (deleted, renamed, or a mistyped address), with the way back. */
export function DeliveryNotFound({
  title,
  icon,
  back,
}: {
  title: string;
  icon?: React.ReactNode;
  /** The link to the list of deployments. */
  back: string;
}) {
  return (
    <EmptyState
      icon={icon}
      title={title}
      action={
        <Link
          href="/deployments"
          className="text-sm font-medium text-sky-700 underline underline-offset-4 dark:text-sky-400"
        >
          {back}
        </Link>
      }
    >
      It may have been deleted or renamed, its namespace may not be watched by Opsdeck, or the link is
      mistyped.
    </EmptyState>
  );
}

/** A rollout that is not there; without `rolloutRef`, an address that names none (the routes' 404). */
export function RolloutNotFound({
  rolloutRef,
}: {
  rolloutRef?: { cluster: string; namespace: string; name: string };
}) {
  return (
    <DeliveryNotFound
      icon={<GitBranch className="size-8" />}
      title={
        rolloutRef
          ? `No rollout ${rolloutRef.name} in ${rolloutRef.namespace} of cluster ${rolloutRef.cluster}`
          : "There is no rollout at this address"
      }
      back="See every rollout"
    />
  );
}
