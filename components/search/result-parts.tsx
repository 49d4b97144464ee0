import {
  Activity,
  ArrowRight,
  BellRing,
  BookOpen,
  GitBranch,
  Siren,
  Waypoints,
  type LucideIcon,
} from "lucide-react";
import { Badge } from "@/components/ui/feedback";
import type { SearchKind, SearchResult, SearchSource } from "@/lib/services/search/schemas";
import { KIND_LABELS } from "@/lib/services/search/schemas";
import { Highlighted } from "./highlighted";

const ICONS: Record<SearchKind, LucideIcon> = {
  page: ArrowRight,
  service: Activity,
  alert: BellRing,
  deployment: GitBranch,
  incident: Siren,
  runbook: BookOpen,
  trace: Waypoints,
};

const CRITICAL = new Set(["active", "Degraded", "Aborted", "investigating"]);

/** A result's icon, title, status and details, as both the palette and the search page show it. */
export function ResultSummary({
  result,
  withSnippet = false,
}: {
  result: SearchResult;
  withSnippet?: boolean;
}) {
  const Icon = ICONS[result.kind];
  return (
    <div className="flex min-w-0 items-start gap-2.5">
      <Icon className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium">{result.title}</span>
          {result.status && (
            <Badge tone={CRITICAL.has(result.status) ? "crit" : "neutral"}>{result.status}</Badge>
          )}
        </div>
        {result.subtitle && (
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{result.subtitle}</p>
        )}
        {withSnippet && result.snippet && (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Highlighted text={result.snippet} />
          </p>
        )}
      </div>
    </div>
  );
}

const STATE_WORDS: Record<Exclude<SearchSource["state"], "ok">, string> = {
  not_configured: "not configured",
  unavailable: "unavailable",
  timed_out: "too slow",
  stale: "from an older answer",
};

/** The sources that could not answer fully, in one quiet line: the other results stand. */
export function TroubledSources({ sources }: { sources: SearchSource[] }) {
  if (!sources.length) return null;
  return (
    <p className="line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="search-sources">
      {sources.map((s, i) => (
        <span key={s.kind}>
          {i > 0 && " · "}
          {KIND_LABELS[s.kind]} {s.state === "ok" ? "" : STATE_WORDS[s.state]}
          {s.message && ` (${s.message})`}
        </span>
      ))}
    </p>
  );
}
