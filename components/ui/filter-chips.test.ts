import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FilterChips, toggled } from "./filter-chips";

const STATUSES = ["critical", "warning", "ok"] as const;

function render(props: Partial<Parameters<typeof FilterChips<(typeof STATUSES)[number]>>[0]> = {}) {
  return renderToStaticMarkup(
    h(FilterChips<(typeof STATUSES)[number]>, {
      label: "Filter by status",
      options: STATUSES,
      selected: new Set(["warning"]),
      onChange: () => {},
      ...props,
    }),
  );
}

const chip = (html: string, text: string) =>
  html.match(new RegExp(`<button[^>]*>${text}.*?</button>`))?.[0] ?? "";

describe("toggled", () => {
  it("adds an option that was off after the ones already on", () => {
    expect(toggled(new Set(["ok"]), "critical")).toEqual(["ok", "critical"]);
  });

  it("takes out an option that was on", () => {
    expect(toggled(new Set(["ok", "critical"]), "ok")).toEqual(["critical"]);
    expect(toggled(new Set(["ok"]), "ok")).toEqual([]);
  });
});

describe("FilterChips", () => {
  it("names the group and says which chips are pressed", () => {
    const html = render();
    expect(html).toMatch(/^<div role="group" aria-label="Filter by status"/);
    expect(chip(html, "warning")).toContain('aria-pressed="true"');
    expect(chip(html, "critical")).toContain('aria-pressed="false"');
    expect(chip(html, "ok")).toContain('type="button"');
  });

  it("shows each option's count, zero for one the counts leave out", () => {
    const html = render({ counts: { critical: 2 } });
    expect(chip(html, "critical")).toContain('<span class="tabular-nums opacity-70">2</span>');
    expect(chip(html, "ok")).toContain('<span class="tabular-nums opacity-70">0</span>');
    expect(render()).not.toContain("tabular-nums");
  });

  it("says what optionLabel makes of an option", () => {
    const html = render({ optionLabel: (s) => s.toUpperCase() });
    expect(chip(html, "CRITICAL")).toContain('aria-pressed="false"');
  });
});
