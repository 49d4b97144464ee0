import { describe, expect, it } from "vitest";
import {
  fromDateTimeInput,
  knownLocale,
  knownZone,
  timeAxis,
  timeFormatter,
  toDateTimeInput,
  type TimePreferences,
} from "./format";

const UTC_24: TimePreferences = { timeZone: "utc", clock: "h24" };
const UTC_12: TimePreferences = { timeZone: "utc", clock: "h12" };
const at = Date.UTC(2026, 10, 29, 14, 42, 7);
const MIN = 60_000;
const DAY = 86_400_000;

describe("timeFormatter", () => {
  it("writes times in UTC on a 24-hour clock, naming the zone", () => {
    const f = timeFormatter(UTC_24, "en-US", at);
    expect(f.time(at)).toBe("14:42:07 UTC");
    expect(f.dateTime(new Date(at).toISOString())).toBe("Nov 29, 14:42:07 UTC");
    expect(f.dateTimeMinutes(at)).toBe("Nov 29, 14:42 UTC");
    expect(f.zone()).toBe("UTC");
  });

  it("writes times on a 12-hour clock when chosen", () => {
    const f = timeFormatter(UTC_12, "en-US", at);
    expect(f.time(at)).toBe("2:42:07 PM UTC");
    expect(f.dateTime(at)).toBe("Nov 29, 2:42:07 PM UTC");
  });

  it("adds the year only to times of another year", () => {
    const f = timeFormatter(UTC_24, "en-US", at);
    expect(f.dateTime(Date.UTC(2025, 0, 3, 9, 5, 0))).toBe("Jan 3, 2025, 09:05:00 UTC");
  });

  it("names the browser's zone for local times", () => {
    const f = timeFormatter({ timeZone: "local", clock: "h24" }, "en-US", at);
    const zone = f.zone(at);
    expect(zone.length).toBeGreaterThan(0);
    expect(f.time(at).endsWith(` ${zone}`)).toBe(true);
  });

  it("writes local times in the zone the browser reported, whatever the runtime's zone", () => {
    const tokyo = timeFormatter({ timeZone: "local", clock: "h24", localZone: "Asia/Tokyo" }, "en-US", at);
    expect(tokyo.time(at)).toBe("23:42:07 GMT+9");
    const newYork = timeFormatter(
      { timeZone: "local", clock: "h12", localZone: "America/New_York" },
      "en-US",
      at,
    );
    expect(newYork.time(at)).toBe("9:42:07 AM EST");
    // UTC stays UTC.
    expect(timeFormatter({ ...UTC_24, localZone: "Asia/Tokyo" }, "en-US", at).time(at)).toBe("14:42:07 UTC");
  });

  it("accepts only time zones the runtime knows, from a cookie", () => {
    expect(knownZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(knownZone("Mars/Olympus_Mons")).toBeNull();
    expect(knownZone("")).toBeNull();
    expect(knownZone(undefined)).toBeNull();
    expect(knownZone(`Europe/${"x".repeat(80)}`)).toBeNull();
  });

  it("writes times in the locale the browser reported, and accepts only well-formed locales", () => {
    const german = timeFormatter({ timeZone: "utc", clock: "h24" }, knownLocale("de-DE")!, at);
    expect(german.dateTime(at)).toBe("29. Nov., 14:42:07 UTC");
    expect(knownLocale("en-GB")).toBe("en-GB");
    expect(knownLocale("not a locale!")).toBeNull();
    expect(knownLocale(undefined)).toBeNull();
  });

  it("writes a dash for a time it cannot read", () => {
    expect(timeFormatter(UTC_24, "en-US").time("not a time")).toBe("—");
  });
});

describe("timeAxis", () => {
  const labels = (start: number, end: number, prefs = UTC_24, maxTicks = 6) => {
    const axis = timeAxis(start, end, prefs, { locale: "en-US", maxTicks });
    return { ...axis, labels: axis.ticks.map(axis.label) };
  };

  it("labels a 5-minute span with distinct minutes, at most six ticks", () => {
    const { ticks, labels: shown } = labels(at, at + 5 * MIN);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown[0]).toBe("14:43");
    for (const t of ticks) expect(t % MIN).toBe(0);
  });

  it("shows seconds when the step is under a minute", () => {
    const { labels: shown } = labels(at, at + 90_000);
    expect(shown).toEqual(["14:42:30", "14:43:00", "14:43:30"]);
  });

  it("labels a 7-day span with dates", () => {
    const { labels: shown } = labels(at - 7 * DAY, at);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const label of shown) expect(label).toMatch(/^Nov \d{1,2}$/);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it("adds the date to times over a span longer than a day", () => {
    const { labels: shown } = labels(at - 36 * 3_600_000, at);
    for (const label of shown) expect(label).toMatch(/^Nov \d{1,2}, \d{2}:\d{2}$/);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it("never repeats a label, whatever the span and tick count", () => {
    for (const span of [10_000, 61_000, 5 * MIN, 17 * MIN, 3_600_000, 6 * 3_600_000, DAY, 3 * DAY, 30 * DAY])
      for (const maxTicks of [3, 5, 8, 12])
        for (const prefs of [UTC_24, UTC_12]) {
          const { labels: shown } = labels(at, at + span, prefs, maxTicks);
          expect(shown.length, `${span} ms, ${maxTicks} ticks`).toBeLessThanOrEqual(maxTicks);
          expect(new Set(shown).size, `${span} ms: ${shown.join(" | ")}`).toBe(shown.length);
        }
  });

  it("labels a single point when the span holds no round tick", () => {
    const { ticks, labels: shown } = labels(at + 250, at + 250);
    expect(ticks).toEqual([at + 250]);
    expect(shown).toEqual(["14:42:07"]);
  });

  it("uses the chosen clock on the axis and names the zone once", () => {
    const axis = timeAxis(at, at + 3_600_000, UTC_12, { locale: "en-US" });
    expect(axis.ticks.map(axis.label)[0]).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    expect(axis.zone).toBe("UTC");
  });
});

describe("datetime-local inputs", () => {
  it("read and write UTC wall time when UTC is chosen", () => {
    expect(toDateTimeInput(at, UTC_24)).toBe("2026-11-29T14:42");
    expect(fromDateTimeInput("2026-11-29T14:42", UTC_24)?.toISOString()).toBe("2026-11-29T14:42:00.000Z");
  });

  it("round-trip the browser's wall time when local is chosen", () => {
    const local: TimePreferences = { timeZone: "local", clock: "h12" };
    const minute = Math.floor(at / MIN) * MIN;
    expect(fromDateTimeInput(toDateTimeInput(minute, local), local)?.getTime()).toBe(minute);
  });

  it("refuse what is not a date and time", () => {
    expect(fromDateTimeInput("", UTC_24)).toBeNull();
    expect(fromDateTimeInput("yesterday", UTC_24)).toBeNull();
    expect(fromDateTimeInput("2026-13-45T99:99", UTC_24)).toBeNull();
    expect(toDateTimeInput("nonsense", UTC_24)).toBe("");
  });
});
