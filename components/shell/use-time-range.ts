"use client";

import { parseAsString, useQueryStates } from "nuqs";
import { DEFAULT_FROM, DEFAULT_REFRESH, DEFAULT_TO } from "@/lib/time/range";

/** The global time range and refresh interval, read from and written to the URL. */
export function useTimeRange() {
  return useQueryStates(
    {
      from: parseAsString.withDefault(DEFAULT_FROM),
      to: parseAsString.withDefault(DEFAULT_TO),
      refresh: parseAsString.withDefault(DEFAULT_REFRESH),
    },
    { history: "replace" },
  );
}

/**
 * The time range and refresh interval of the current address as a query string ("?from=…", or "" when
 * there is none), for links to other pages that keep them. Read through nuqs, as the time controls write
 * them: Next's useSearchParams did not always see a change the controls had just made, and a link then
 * dropped the chosen range.
 */
export function useCarriedTimeRange(): string {
  const [values] = useQueryStates({ from: parseAsString, to: parseAsString, refresh: parseAsString });
  const carried = new URLSearchParams();
  for (const key of ["from", "to", "refresh"] as const) {
    const value = values[key];
    if (value) carried.set(key, value);
  }
  return carried.size ? `?${carried}` : "";
}
