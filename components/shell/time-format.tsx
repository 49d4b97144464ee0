"use client";
// The signed-in person's time preferences (their Account page), given once by the console layout, and the
// formatter every time in the UI goes through (lib/time/format.ts).
import { createContext, useContext, useMemo, useSyncExternalStore } from "react";
import {
  DEFAULT_TIME_PREFERENCES,
  timeFormatter,
  type TimeFormatter,
  type TimePreferences,
} from "@/lib/time/format";

const TimePreferencesContext = createContext<TimePreferences>(DEFAULT_TIME_PREFERENCES);

export function TimePreferencesProvider({
  preferences,
  children,
}: {
  preferences: TimePreferences;
  children: React.ReactNode;
}) {
  return <TimePreferencesContext value={preferences}>{children}</TimePreferencesContext>;
}

export function useTimePreferences(): TimePreferences {
  return useContext(TimePreferencesContext);
}

const noSubscription = () => () => {};

/**
 * Times as the person chose: "14:42:07 UTC", "2:42:07 PM CET". In HTML rendered on the server, and while
 * the browser hydrates it (which must match), in UTC and English, zone named: the server knows neither the
 * browser's zone nor its locale. The person's format follows at once.
 */
export function useTimeFormat(): TimeFormatter {
  const preferences = useTimePreferences();
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const chosen = useMemo(() => timeFormatter(preferences), [preferences]);
  const server = useMemo(() => timeFormatter({ ...preferences, timeZone: "utc" }, "en"), [preferences]);
  return hydrated ? chosen : server;
}

/** A `<time>` element in the chosen zone and clock, with the full date and time on hover. */
export function Time({
  at,
  dateTime = false,
  className,
}: {
  at: string | number;
  dateTime?: boolean;
  className?: string;
}) {
  const format = useTimeFormat();
  const ms = new Date(at).getTime();
  return (
    <time
      dateTime={Number.isNaN(ms) ? undefined : new Date(ms).toISOString()}
      title={format.dateTime(at)}
      className={className}
    >
      {dateTime ? format.dateTime(at) : format.time(at)}
    </time>
  );
}
