"use client";

import { parseAsStringLiteral, useQueryStates } from "nuqs";
import { Banner } from "@/components/ui/feedback";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { PageFrame } from "@/components/ui/page-frame";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui/tabs";
import { ApiError } from "@/lib/client/fetch-json";
import { useRolloutLive, useRolloutQuery, type RolloutRef } from "@/lib/client/deployments";
import type { RolloutDetail } from "@/lib/services/deployments/model";
import { METRIC_RANGES } from "@/lib/services/deployments/schemas";
import { ActionsBar } from "../actions-bar";
import { ClusterBanners } from "../cluster-banners";
import { DeliveryCrumbs, DeliveryFacts, type Fact } from "../delivery-header";
import { formatElapsed } from "../format";
import { RolloutNotFound } from "../delivery-not-found";
import { RolloutSkeleton } from "../delivery-skeleton";
import { useNow } from "../use-now";
import { AnalysisPanel } from "./analysis-panel";
import { BlueGreenPanel } from "./blue-green-panel";
import { ConditionsPanel } from "./conditions-panel";
import { HistoryPanel } from "./history-panel";
import { MetricsPanel } from "./metrics-panel";
import { RevisionsPanel } from "./revisions-panel";
import { StepsPanel } from "./steps-panel";

const TABS = ["analysis", "metrics", "events", "history"] as const;
const TAB_LABELS: Record<(typeof TABS)[number], string> = {
  analysis: "Analysis",
  metrics: "Canary vs stable",
  events: "Conditions and events",
  history: "History",
};

function Facts({ detail }: { detail: RolloutDetail }) {
  const { summary, view } = detail;
  const facts: Fact[] = [
    ["Strategy", view.strategy ?? "—"],
    ...(view.step && view.step.count > 0
      ? ([["Step", `${Math.min((view.step.index ?? 0) + 1, view.step.count)} of ${view.step.count}`]] as [
          string,
          string,
        ][])
      : []),
    ...(view.weights
      ? ([["Weight", `${view.weights.set}% set, ${view.weights.actual}% actual`]] as [string, string][])
      : []),
    ["Revision", view.revision ?? "—"],
    // A canary runs beside the stable: more pods may be ready than desired ("3/2" read as a fault).
    ["Pods", `${view.replicas.ready} ready, ${view.replicas.desired} desired`],
    [
      "Generation",
      view.generationObserved ? (
        `${view.generation ?? "—"} observed`
      ) : (
        <span className="text-amber-700 dark:text-amber-400">
          {view.generation ?? "—"} not yet observed (controller at {view.observedGeneration ?? "none"})
        </span>
      ),
    ],
  ];
  return (
    <DeliveryFacts summary={summary} production={detail.production} facts={facts} testId="rollout-facts" />
  );
}

function WaitingBanner({ detail }: { detail: RolloutDetail }) {
  const now = useNow(15_000);
  const waiting = detail.summary.waiting;
  if (!waiting) return null;
  return (
    <div className="mb-4" data-testid="waiting-banner">
      <Banner
        tone="warn"
        title={`Waiting for you${waiting.since ? ` for ${formatElapsed(waiting.since, now)}` : ""}: ${waiting.message}`}
      />
    </div>
  );
}

/** One Argo rollout, live: where it stands, what it waits for, its revisions and analyses, and its actions. */
export function RolloutPage({ rolloutRef, canAct }: { rolloutRef: RolloutRef; canAct: boolean }) {
  const rollout = useRolloutQuery(rolloutRef);
  const live = useRolloutLive(rolloutRef);
  const [view, setView] = useQueryStates(
    {
      tab: parseAsStringLiteral(TABS).withDefault("analysis"),
      range: parseAsStringLiteral(METRIC_RANGES).withDefault("30m"),
    },
    { history: "replace" },
  );
  const { cluster, namespace, name } = rolloutRef;
  const crumbs = <DeliveryCrumbs cluster={cluster} namespace={namespace} />;

  if (rollout.isError && rollout.error instanceof ApiError && rollout.error.status === 404) {
    return <RolloutNotFound rolloutRef={rolloutRef} />;
  }
  const detail = rollout.data;
  return (
    <>
      {crumbs}
      <PageFrame
        title={name}
        description={detail ? detail.view.argo.message || detail.summary.message || undefined : undefined}
        actions={<LiveIndicator live={live} />}
        failures={[
          rollout.isError && { title: "This rollout could not be loaded.", message: rollout.error.message },
        ]}
      >
        {rollout.isPending && <RolloutSkeleton />}
        {detail && (
          <>
            <ClusterBanners clusters={[detail.cluster]} />
            <Facts detail={detail} />
            <WaitingBanner detail={detail} />
            {canAct ? (
              <ActionsBar detail={detail} />
            ) : (
              <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-actions">
                Operators and admins promote, abort and roll back rollouts; your role can watch.
              </p>
            )}
            <div className="space-y-4">
              {detail.view.strategy === "BlueGreen" ? (
                <BlueGreenPanel view={detail.view} />
              ) : (
                <StepsPanel view={detail.view} weightHistory={detail.weightHistory} />
              )}
              <RevisionsPanel replicaSets={detail.view.replicaSets} />
              <Tabs value={view.tab} onValueChange={(tab) => void setView({ tab })}>
                <TabList label="Rollout details">
                  {TABS.map((tab) => (
                    <Tab key={tab} value={tab}>
                      {TAB_LABELS[tab]}
                      {tab === "analysis" && detail.view.analysisRuns.length > 0 && (
                        <span className="text-xs text-zinc-500 tabular-nums">
                          {detail.view.analysisRuns.length}
                        </span>
                      )}
                    </Tab>
                  ))}
                </TabList>
                <div className="pt-3">
                  <TabPanel value="analysis">
                    <AnalysisPanel runs={detail.view.analysisRuns} revision={detail.view.revision} />
                  </TabPanel>
                  <TabPanel value="metrics" tabIndex={-1}>
                    <MetricsPanel
                      rolloutRef={rolloutRef}
                      range={view.range}
                      onRangeChange={(range) =>
                        void setView({ range: METRIC_RANGES.find((r) => r === range) ?? null })
                      }
                    />
                  </TabPanel>
                  <TabPanel value="events">
                    <ConditionsPanel conditions={detail.view.conditions} events={detail.events} />
                  </TabPanel>
                  <TabPanel value="history">
                    <HistoryPanel rolloutRef={rolloutRef} />
                  </TabPanel>
                </div>
              </Tabs>
            </div>
          </>
        )}
      </PageFrame>
    </>
  );
}
