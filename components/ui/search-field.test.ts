import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SearchField } from "./search-field";

describe("SearchField", () => {
  it("labels its box for screen readers and passes the input's props through", () => {
    const html = renderToStaticMarkup(
      h(SearchField, {
        id: "service-filter",
        label: "Filter services",
        placeholder: "Filter by service or team",
        value: "checkout",
        onChange: () => {},
      }),
    );
    expect(html).toContain('<label for="service-filter" class="sr-only">Filter services</label>');
    const input = html.match(/<input[^>]*>/)?.[0] ?? "";
    expect(input).toContain('id="service-filter"');
    expect(input).toContain('placeholder="Filter by service or team"');
    expect(input).toContain('value="checkout"');
    expect(input).toMatch(/class="[^"]*w-64 pl-8/);
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
  });
});
