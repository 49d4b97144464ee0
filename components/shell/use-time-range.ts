"use client";

import { useSearchParams } from "next/navigation";
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
 * there is none), for links to other pages that keep them.
 */
export function useCarriedTimeRange(): string {
  const params = useSearchParams();
  const carried = new URLSearchParams();
  for (const key of ["from", "to", "refresh"]) {
    const value = params.get(key);
    if (value) carried.set(key, value);
  }
  return carried.size ? `?${carried}` : "";
}
