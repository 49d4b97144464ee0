import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SortableHead, Table, TableBody, TableCell, TableHeader, TableRow } from "./table";

const render = (node: React.ReactElement) => renderToStaticMarkup(node);
const sortable = (sorted: "ascending" | "descending" | false) =>
  render(h(SortableHead, { sorted, onSort: () => {}, numeric: true, children: "Errors" }));

describe("Table", () => {
  it("gives the table its own attributes and a caption for screen readers, inside the frame", () => {
    const testId = { "data-testid": "overview-table" }; // as JSX passes it
    const html = render(
      h(Table, {
        ...testId,
        caption: "Calls between services",
        className: "mt-4",
        children: h(TableBody, { children: null }),
      }),
    );
    expect(html).toMatch(/^<div class="[^"]*mt-4[^"]*"><table [^>]*data-testid="overview-table"/);
    expect(html).toContain('<caption class="sr-only">Calls between services</caption>');
  });

  it("shows the empty slot only when given", () => {
    const table = (empty: React.ReactNode) =>
      render(h(Table, { empty, children: h(TableBody, { children: null }) }));
    expect(table(h("p", null, "No entries match"))).toContain("No entries match");
    expect(table(false)).not.toContain("p-4");
  });

  it("marks a loading table busy and shows placeholder rows under its header", () => {
    const table = (loading: boolean) =>
      render(h(Table, { loading, children: h(TableBody, { children: null }) }));
    expect(table(true)).toContain('aria-busy="true"');
    expect(table(true)).toContain("animate-pulse");
    expect(table(false)).not.toContain("aria-busy");
    expect(table(false)).not.toContain("animate-pulse");
  });

  it("says which way a sortable column is sorted, and that the others are not", () => {
    expect(sortable("descending")).toContain('aria-sort="descending"');
    expect(sortable("ascending")).toContain('aria-sort="ascending"');
    expect(sortable(false)).toContain('aria-sort="none"');
    expect(sortable(false)).not.toContain("<svg");
    expect(sortable("ascending")).toMatch(/<button type="button"[^>]*>Errors<svg/);
  });

  it("aligns numbers right in digits of one width, and anything else where asked", () => {
    const row = render(
      h(TableRow, {
        children: [
          h(TableCell, { key: "n", numeric: true, children: "12" }),
          h(TableCell, { key: "r", align: "right", children: "Expire" }),
          h(TableCell, { key: "t", children: "text" }),
        ],
      }),
    );
    const cells = [...row.matchAll(/<td class="([^"]*)"/g)].map((m) => m[1]!.split(" "));
    expect(cells[0]).toEqual(expect.arrayContaining(["text-right", "tabular-nums"]));
    expect(cells[1]).toContain("text-right");
    expect(cells[1]).not.toContain("tabular-nums");
    expect(cells[2]).toContain("text-left");
  });

  it("lets a single cell override the table's padding", () => {
    const cell = render(h(TableCell, { className: "py-3", children: "details" }));
    expect(cell).toContain("py-3");
    expect(cell).not.toContain("py-(--cell-y)");
  });

  it("shows that a row with a click handler can be clicked", () => {
    const clickable = render(h(TableRow, { onClick: () => {}, children: null }));
    const plain = render(h(TableRow, { children: null }));
    expect(clickable).toContain("cursor-pointer");
    expect(plain).not.toContain("cursor-pointer");
  });

  it("puts a header's cells in one row of the head", () => {
    expect(render(h(TableHeader, { children: h("th", null, "Service") }))).toMatch(
      /^<thead[^>]*><tr><th>Service<\/th><\/tr><\/thead>$/,
    );
  });
});
