// What one search box asks and answers, shared by the service, the API route and the browser.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Permission } from "@/lib/auth/permissions";

/** What the palette and `/search` find, in the order their groups are shown when scores tie. */
export const SEARCH_KINDS = [
  "page",
  "service",
  "alert",
  "deployment",
  "incident",
  "runbook",
  "trace",
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const KIND_LABELS: Record<SearchKind, string> = {
  page: "Pages",
  service: "Services",
  alert: "Alerts",
  deployment: "Deployments",
  incident: "Incidents",
  runbook: "Runbooks",
  trace: "Traces",
};

/** The permission that lets a person see each kind of data; pages are gated by the nav's own list. */
export const KIND_PERMISSIONS: Record<Exclude<SearchKind, "page">, Permission> = {
  service: "services:read",
  alert: "alerts:read",
  deployment: "deployments:read",
  incident: "incidents:read",
  runbook: "runbooks:read",
  trace: "traces:read",
};

export const searchInput = z.object({
  q: text().trim().min(2, "Type at least two characters.").max(200),
  /** Results per kind: a few in the palette, more on the search page. */
  limit: z.coerce.number().int().min(1).max(50).default(8),
});

export type SearchResult = {
  kind: SearchKind;
  /** Unique within its kind. */
  id: string;
  title: string;
  /** One short line under the title: an owner team, a namespace, a root span. */
  subtitle: string | null;
  /** Matched words delimited by the marks of `./marks`, for full-text hits. */
  snippet: string | null;
  /** A status word (an incident's status, an alert's state, a rollout's status). */
  status: string | null;
  href: string;
  /** From 0 to 1 (`./ranking`); the palette orders groups by their best result. */
  score: number;
};

/** How a source fared: a source not configured, failing or slow is one quiet line, not an error. */
export type SearchSource = {
  kind: Exclude<SearchKind, "page">;
  state: "ok" | "stale" | "not_configured" | "unavailable" | "timed_out";
  message: string | null;
};

export type SearchAnswer = { results: SearchResult[]; sources: SearchSource[] };
