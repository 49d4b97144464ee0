"use client";

import { Banner } from "@/components/ui/feedback";
import { NotConfigured } from "@/components/ui/not-configured";
import { formatAge } from "@/lib/format";
import type { SourceState } from "@/lib/upstream/sources";

const NAMES = { prometheus: "Prometheus", alertmanager: "Alertmanager", jaeger: "Jaeger" } as const;

/** Names an upstream that failed, and how old the data shown instead is. Renders nothing when all is well. */
export function SourceBanners({ sources }: { sources: Partial<Record<keyof typeof NAMES, SourceState>> }) {
  const banners = Object.entries(sources).flatMap(([key, source]) => {
    const name = NAMES[key as keyof typeof NAMES];
    if (!source || source.state === "ok") return [];
    if (source.state === "stale") {
      return [
        <Banner
          key={key}
          tone="warn"
          title={`${name} is not answering. Showing data from ${formatAge(source.asOf)}.`}
        >
          {source.message} Opsdeck keeps trying and will update this page by itself.
        </Banner>,
      ];
    }
    if (source.state === "unavailable") {
      return [
        <Banner key={key} title={`${name} is not answering, and there is no earlier data to show.`}>
          {source.message} Opsdeck keeps trying.
        </Banner>,
      ];
    }
    return [<NotConfigured key={key} label={name} message={source.message} />];
  });
  if (!banners.length) return null;
  return (
    <div className="mb-4 space-y-2" data-testid="source-banners">
      {banners}
    </div>
  );
}
