// How current a cluster's cached data is, for the UI: synced, stale since a time (the last good data is
// still served) with the last error, or never synced.
import type { SourceState } from "@/lib/upstream/sources";

export type KindStatus = {
  kind: string;
  group: string;
  plural: string;
  /** Custom resources that the API server does not serve are not watched. */
  served: boolean;
  objects: number;
  /** Objects left out of the cache because they do not parse (each logged once per version). */
  unparsable: number;
  listed: boolean;
  watching: boolean;
  lastError: string | null;
};

export type ClusterState = { cluster: string; kinds: KindStatus[] } & (
  | { state: "synced" }
  | { state: "stale"; since: string; message: string }
  | { state: "never_synced"; message: string }
);

/** The project's per-upstream freshness shape (banner, "as of …"). */
export function sourceState(cluster: ClusterState, now: Date = new Date()): SourceState {
  switch (cluster.state) {
    case "synced":
      return { state: "ok", asOf: now.toISOString() };
    case "stale":
      return { state: "stale", asOf: cluster.since, message: cluster.message };
    case "never_synced":
      return { state: "unavailable", message: cluster.message };
  }
}
