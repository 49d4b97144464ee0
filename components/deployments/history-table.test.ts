import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TableCell, TableRow } from "@/components/ui/table";
import { HistoryTable } from "./history-table";

const render = (props: { loading?: boolean; empty: React.ReactNode; rows: string[] }) =>
  renderToStaticMarkup(
    h(HistoryTable, {
      caption: "Gate history",
      "data-testid": "gate-history",
      loading: props.loading,
      empty: props.empty,
      children: props.rows.map((row) => h(TableRow, { key: row, children: h(TableCell, { children: row }) })),
    }),
  );

describe("HistoryTable", () => {
  it("names the table and heads its columns when, who, what, why and result", () => {
    const html = render({ empty: false, rows: ["opened"] });
    expect(html).toMatch(/<table [^>]*data-testid="gate-history"/);
    expect(html).toContain('<caption class="sr-only">Gate history</caption>');
    expect([...html.matchAll(/<th [^>]*>(\w+)<\/th>/g)].map((m) => m[1])).toEqual([
      "When",
      "Who",
      "What",
      "Why",
      "Result",
    ]);
    expect(html).toMatch(/<tbody[^>]*><tr[^>]*><td[^>]*>opened<\/td><\/tr><\/tbody>/);
  });

  it("says why there is no entry, and stands placeholders while loading", () => {
    expect(render({ empty: h("p", null, "No gate was changed yet."), rows: [] })).toContain(
      "No gate was changed yet.",
    );
    expect(render({ loading: true, empty: false, rows: [] })).toContain('aria-busy="true"');
    expect(render({ empty: false, rows: [] })).not.toContain("aria-busy");
  });
});
