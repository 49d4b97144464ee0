"use client";

import { Link2, X } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Skeleton } from "@/components/ui/feedback";
import { SPAN_KINDS, type SpanDetails, type TraceDetails, type TraceView } from "@/lib/traces/model";
import { formatUs } from "./colors";

function Attributes({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <p className="text-xs text-zinc-500">None.</p>;
  return (
    <dl className="grid grid-cols-[minmax(8rem,40%)_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="truncate text-zinc-500" title={k}>
            {k}
          </dt>
          <dd className="break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mt-4">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/**
 * Everything about one span. Its attributes, events, links and resource come with the trace's details
 * (a second answer, see model.ts), parsed from JSON only now, when the span is opened.
 */
export function SpanDetailsPanel({
  trace,
  traceDetails,
  span,
  color,
  onClose,
  onSelect,
}: {
  trace: TraceView;
  /** Undefined while they load. */
  traceDetails: TraceDetails | undefined;
  span: number;
  color: string | undefined;
  onClose: () => void;
  onSelect: (span: number) => void;
}) {
  const details = useMemo(
    () => (traceDetails ? (JSON.parse(traceDetails.details[span]!) as SpanDetails) : undefined),
    [traceDetails, span],
  );
  const resource = useMemo(
    () =>
      traceDetails
        ? (JSON.parse(traceDetails.resources[traceDetails.resourceIdx[span]!]!) as Record<string, unknown>)
        : undefined,
    [traceDetails, span],
  );
  const [copied, setCopied] = useState(false);
  const service = trace.services[trace.serviceIdx[span]!]!;
  const operation = trace.operations[trace.operationIdx[span]!]!;
  const parent = trace.parents[span]!;
  const spanId = trace.spanIds[span]!;
  const error = trace.errors[span] === 1;

  return (
    <aside
      aria-label={`Span ${operation}`}
      className="flex w-full shrink-0 flex-col overflow-hidden rounded-lg border border-zinc-200 lg:w-[26rem] dark:border-zinc-800"
      data-testid="span-details"
    >
      <div className="flex items-start gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800">
        <span className="mt-1 size-3 shrink-0 rounded-full" style={{ background: color }} aria-hidden />
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold break-words">{operation || "(unnamed span)"}</h2>
          <p className="text-sm">
            <Link
              href={`/services/${encodeURIComponent(service)}`}
              className="text-sky-700 hover:underline dark:text-sky-400"
            >
              {service}
            </Link>
            <span className="text-zinc-500"> · {SPAN_KINDS[trace.kinds[span]!] ?? "unspecified"}</span>
          </p>
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close span details">
          <X className="size-4" />
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-3 text-sm">
        <dl className="grid grid-cols-2 gap-2">
          <div>
            <dt className="text-xs text-zinc-500">Duration</dt>
            <dd className="font-medium tabular-nums">{formatUs(trace.durations[span]!)}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Starts at</dt>
            <dd className="tabular-nums">+{formatUs(trace.starts[span]!)}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Status</dt>
            <dd>
              {error ? <Badge tone="crit">error</Badge> : <Badge tone="ok">ok</Badge>}
              {details?.statusMessage && (
                <span className="ml-1 text-red-700 dark:text-red-400">{details.statusMessage}</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Span id</dt>
            <dd className="font-mono text-xs">{spanId}</dd>
          </div>
        </dl>
        <div className="mt-3 flex flex-wrap gap-2">
          {parent >= 0 && (
            <Button size="sm" onClick={() => onSelect(parent)}>
              Go to parent
            </Button>
          )}
          <Button
            size="sm"
            onClick={() => {
              const url = new URL(window.location.href);
              url.searchParams.set("span", spanId);
              void navigator.clipboard?.writeText(url.toString()).then(() => setCopied(true));
            }}
          >
            <Link2 className="size-4" aria-hidden /> {copied ? "Link copied" : "Copy link to span"}
          </Button>
        </div>
        {details && resource ? (
          <SpanDetailsSections details={details} resource={resource} />
        ) : (
          <div aria-label="Loading the span's attributes" className="mt-4 space-y-2">
            <Skeleton className="h-4 w-24" />
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-4 w-full" />
            ))}
          </div>
        )}
      </div>
    </aside>
  );
}

function SpanDetailsSections({
  details,
  resource,
}: {
  details: SpanDetails;
  resource: Record<string, unknown>;
}) {
  return (
    <>
      <Section title="Attributes">
        <Attributes values={details.attributes} />
      </Section>
      {details.events.length > 0 && (
        <Section title={`Events (${details.events.length})`}>
          <ol className="space-y-2">
            {details.events.map((e, i) => (
              <li key={i} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
                <p className="text-xs">
                  <span className="font-medium">{e.name}</span>{" "}
                  <span className="text-zinc-500 tabular-nums">+{formatUs(e.atUs)}</span>
                </p>
                <Attributes values={e.attributes} />
              </li>
            ))}
          </ol>
        </Section>
      )}
      {details.links.length > 0 && (
        <Section title={`Links (${details.links.length})`}>
          <ul className="space-y-1 font-mono text-xs">
            {details.links.map((l) => (
              <li key={`${l.traceId}-${l.spanId}`}>
                <Link
                  href={`/traces/${l.traceId}?span=${l.spanId}`}
                  className="text-sky-700 hover:underline dark:text-sky-400"
                >
                  {l.traceId.slice(0, 16)}… / {l.spanId}
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Resource">
        <Attributes values={resource} />
      </Section>
      {details.scope && (
        <Section title="Instrumentation scope">
          <p className="font-mono text-xs">{details.scope}</p>
        </Section>
      )}
    </>
  );
}
