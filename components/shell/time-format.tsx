"use client";
// The signed-in person's time preferences (their Account page), given once by the console layout, and the
// formatter every time in the UI goes through (lib/time/format.ts).
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import {
  DEFAULT_TIME_PREFERENCES,
  LOCAL_ZONE_COOKIE,
  LOCALE_COOKIE,
  runtimeLocale,
  runtimeZone,
  timeFormatter,
  type TimeFormatter,
  type TimePreferences,
} from "@/lib/time/format";

const TimePreferencesContext = createContext<TimePreferences>(DEFAULT_TIME_PREFERENCES);
const zoneNeverChanges = () => () => {};

/**
 * "local" is the browser's zone, and times are written in the browser's locale. The server renders in
 * the zone and locale this browser reported last (cookies; the server's own the first time) and
 * hydration starts from the same, so the two agree; a browser elsewhere then re-renders its times once
 * and reports its zone and locale for the pages after.
 */
export function TimePreferencesProvider({
  preferences,
  children,
}: {
  preferences: TimePreferences;
  children: React.ReactNode;
}) {
  const localZone = useSyncExternalStore(zoneNeverChanges, runtimeZone, () => preferences.localZone);
  const locale = useSyncExternalStore(zoneNeverChanges, runtimeLocale, () => preferences.locale);
  useEffect(() => remember(LOCAL_ZONE_COOKIE, localZone, preferences.localZone), [localZone, preferences]);
  useEffect(() => remember(LOCALE_COOKIE, locale, preferences.locale), [locale, preferences]);
  const value = useMemo(() => ({ ...preferences, localZone, locale }), [preferences, localZone, locale]);
  return <TimePreferencesContext value={value}>{children}</TimePreferencesContext>;
}

/** Tells the server what this browser uses, when it rendered with something else. */
function remember(cookie: string, value: string | undefined, rendered: string | undefined) {
  if (value && value !== rendered)
    document.cookie = `${cookie}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

export function useTimePreferences(): TimePreferences {
  return useContext(TimePreferencesContext);
}

/** Times as the person chose: "14:42:07 UTC", "2:42:07 PM CET". */
export function useTimeFormat(): TimeFormatter {
  const preferences = useTimePreferences();
  return useMemo(() => timeFormatter(preferences, preferences.locale), [preferences]);
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
