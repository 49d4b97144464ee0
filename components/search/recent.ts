// What this person opened from the palette lately, in this browser: offered before they type, and
// ranked a little higher when it matches again.
import type { SearchResult } from "@/lib/services/search/schemas";

const KEY = "opsdeck.search.recent";
const KEEP = 6;

export type RecentPick = Pick<SearchResult, "kind" | "id" | "title" | "subtitle" | "href">;

export const recentKey = (r: Pick<SearchResult, "kind" | "id">) => `${r.kind}:${r.id}`;

export function readRecent(): RecentPick[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(stored) ? (stored as RecentPick[]).filter((r) => typeof r?.href === "string") : [];
  } catch {
    return [];
  }
}

export function rememberPick({ kind, id, title, subtitle, href }: RecentPick) {
  const picks = [
    { kind, id, title, subtitle, href },
    ...readRecent().filter((r) => recentKey(r) !== `${kind}:${id}`),
  ];
  try {
    localStorage.setItem(KEY, JSON.stringify(picks.slice(0, KEEP)));
  } catch {
    // Storage full or refused (private windows): the palette works without recent picks.
  }
}
