// How every time in the UI is written: in the zone and clock the person chose on their Account page
// (lib/services/account), always with the zone named, so "14:42" is never ambiguous during an incident.
// Pure and browser-safe; components reach it through useTimeFormat() (components/shell/time-format.tsx).

export const TIME_ZONE_CHOICES = ["local", "utc"] as const;
export const CLOCK_CHOICES = ["h12", "h24"] as const;
export type TimeZoneChoice = (typeof TIME_ZONE_CHOICES)[number];
export type ClockChoice = (typeof CLOCK_CHOICES)[number];
export type TimePreferences = {
  timeZone: TimeZoneChoice;
  clock: ClockChoice;
  /** The IANA zone "local" stands for (the browser's); the runtime's own when unset. */
  localZone?: string;
  /** The locale times are written in (the browser's); the runtime's own when unset. */
  locale?: string;
};

/** The cookies in which the browser tells the server its zone and locale, so pages render in them. */
export const LOCAL_ZONE_COOKIE = "opsdeck-tz";
export const LOCALE_COOKIE = "opsdeck-locale";

/** This runtime's zone: the browser's in a browser, the server's on the server. */
export const runtimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** This runtime's locale for dates and times. */
export const runtimeLocale = (): string => Intl.DateTimeFormat().resolvedOptions().locale;

/** `tag` if it is a locale this runtime can write times in, else null. */
export function knownLocale(tag: string | undefined): string | null {
  if (!tag || tag.length > 35) return null;
  try {
    return new Intl.DateTimeFormat(tag).resolvedOptions().locale;
  } catch {
    return null;
  }
}

/** `name` if it is a time zone this runtime knows, else null (a cookie is input like any other). */
export function knownZone(name: string | undefined): string | null {
  if (!name || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const DEFAULT_TIME_PREFERENCES: TimePreferences = { timeZone: "local", clock: "h24" };

export type TimeInput = number | string | Date;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick spacings an axis may use, smallest first: each a step a person counts in. */
const TICK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

type Parts = "time" | "timeMinutes" | "date" | "dateTime" | "dateTimeMinutes";

const PARTS: Record<Parts, Intl.DateTimeFormatOptions> = {
  time: { hour: "numeric", minute: "2-digit", second: "2-digit" },
  timeMinutes: { hour: "numeric", minute: "2-digit" },
  date: { month: "short", day: "numeric" },
  dateTime: { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" },
  dateTimeMinutes: { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
};

// Building an Intl.DateTimeFormat is far slower than using one: a chart formats hundreds of times.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(
  prefs: TimePreferences,
  parts: Parts,
  options: { zone: boolean; year: boolean; locale?: string },
): Intl.DateTimeFormat {
  const zone = prefs.timeZone === "utc" ? "UTC" : prefs.localZone;
  const key = `${options.locale ?? ""}|${zone ?? ""}|${prefs.clock}|${parts}|${options.zone}|${options.year}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(options.locale, {
      ...PARTS[parts],
      ...(parts !== "date" && { hourCycle: prefs.clock === "h12" ? "h12" : "h23" }),
      ...(parts !== "date" && prefs.clock === "h24" && { hour: "2-digit" }),
      ...(options.year && { year: "numeric" }),
      ...(options.zone && { timeZoneName: "short" }),
      timeZone: zone,
    });
    formats.set(key, format);
  }
  return format;
}

function toMs(value: TimeInput): number {
  return value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
}

/** The zone's offset from UTC at a moment, in ms (local: the browser's, daylight saving included). */
function offsetMs(prefs: TimePreferences, t: number): number {
  return prefs.timeZone === "utc" ? 0 : -new Date(t).getTimezoneOffset() * MINUTE;
}

export type TimeFormatter = {
  prefs: TimePreferences;
  /** "14:42:07 UTC", "2:42:07 PM CET". */
  time(value: TimeInput): string;
  /** "Nov 29, 14:42:07 UTC"; the year is added when it is not this year. */
  dateTime(value: TimeInput): string;
  /** "Nov 29, 14:42 UTC": for times a person reads rather than compares (expiries, deadlines). */
  dateTimeMinutes(value: TimeInput): string;
  /** The zone's short name at a moment: "UTC", "CET", "GMT+1". */
  zone(value?: TimeInput): string;
};

export function timeFormatter(prefs: TimePreferences, locale?: string, now = Date.now()): TimeFormatter {
  const yearOf = (t: number) =>
    formatFor(prefs, "date", { zone: false, year: true, locale }).formatToParts(t);
  const thisYear = yearOf(now).find((p) => p.type === "year")?.value;
  const otherYear = (t: number) => yearOf(t).find((p) => p.type === "year")?.value !== thisYear;
  const write = (parts: Parts, value: TimeInput, year = false) => {
    const t = toMs(value);
    if (Number.isNaN(t)) return "—";
    return formatFor(prefs, parts, { zone: true, year: year && otherYear(t), locale }).format(t);
  };
  return {
    prefs,
    time: (value) => write("time", value),
    dateTime: (value) => write("dateTime", value, true),
    dateTimeMinutes: (value) => write("dateTimeMinutes", value, true),
    zone: (value = now) =>
      formatFor(prefs, "timeMinutes", { zone: true, year: false, locale })
        .formatToParts(toMs(value))
        .find((p) => p.type === "timeZoneName")?.value ?? (prefs.timeZone === "utc" ? "UTC" : ""),
  };
}

export type TimeAxis = {
  /** Where the ticks go, evenly spaced at a round step in the chosen zone. */
  ticks: number[];
  /** A tick's label, without the zone (the chart names it once: `zone`). */
  label: (t: number) => string;
  zone: string;
};

/**
 * Ticks and labels for a time axis from start to end: at most `maxTicks` ticks at the smallest round step
 * that allows it, labelled as finely as the step needs (seconds below a minute, dates from a day, dates
 * and times for spans over a day) and never two alike.
 */
export function timeAxis(
  start: number,
  end: number,
  prefs: TimePreferences,
  options: { maxTicks?: number; locale?: string } = {},
): TimeAxis {
  const maxTicks = Math.max(2, options.maxTicks ?? 6);
  const span = Math.max(end - start, 0);
  const step = TICK_STEPS.find((s) => Math.floor(span / s) + 1 <= maxTicks) ?? TICK_STEPS.at(-1)!;
  // Round in the zone's wall time, so hourly ticks fall on the hour of the zone shown.
  const toWall = (t: number) => t + offsetMs(prefs, t);
  const fromWall = (wall: number) => wall - offsetMs(prefs, wall - offsetMs(prefs, wall));
  const ticks: number[] = [];
  for (let wall = Math.ceil(toWall(start) / step) * step; ; wall += step) {
    const t = fromWall(wall);
    if (t > end || ticks.length >= maxTicks) break;
    if (t >= start && ticks.at(-1) !== t) ticks.push(t);
  }
  // A span too short for a round tick (one point): label the point itself.
  if (ticks.length === 0) ticks.push(start);

  const finest: Parts = step >= DAY ? "date" : step < MINUTE ? "time" : "timeMinutes";
  const candidates: Parts[] =
    finest === "date"
      ? ["date", "dateTimeMinutes"]
      : span > DAY
        ? [finest === "time" ? "dateTime" : "dateTimeMinutes", "dateTime"]
        : [finest, finest === "time" ? "dateTime" : "dateTimeMinutes", "dateTime"];
  const labelWith = (parts: Parts) => (t: number) =>
    formatFor(prefs, parts, { zone: false, year: false, locale: options.locale }).format(t);
  const label =
    candidates.map(labelWith).find((candidate) => new Set(ticks.map(candidate)).size === ticks.length) ??
    labelWith("dateTime");
  return { ticks, label, zone: timeFormatter(prefs, options.locale).zone(start) };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The value of a `datetime-local` input for a moment, in the chosen zone ("" for an unreadable time). */
export function toDateTimeInput(value: TimeInput, prefs: TimePreferences): string {
  const t = toMs(value);
  if (Number.isNaN(t)) return "";
  if (prefs.timeZone === "utc") return new Date(t).toISOString().slice(0, 16);
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The moment a `datetime-local` input's value means in the chosen zone, or null if it is not one. */
export function fromDateTimeInput(value: string, prefs: TimePreferences): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  // Without a zone, Date reads this form as local time; with "Z", as UTC.
  const date = new Date(prefs.timeZone === "utc" ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}
