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

export const TIME_PARAMS = ["from", "to", "refresh"] as const;
