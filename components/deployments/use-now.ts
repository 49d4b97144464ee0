"use client";

import { useEffect, useState } from "react";

/**
 * The current time in milliseconds, renewed every `intervalMs`, for countdowns and ages that move
 * between refetches. Starts at the first render's time; the pages that use it render their data only in
 * the browser, so server and client never disagree about it.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
