import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageFrame, type PageFailure } from "./page-frame";

function render(failures?: (PageFailure | false | null)[]) {
  return renderToStaticMarkup(
    h(PageFrame, {
      title: "Settings",
      description: "Connections",
      failures,
      children: h("p", null, "the page"),
    }),
  );
}

describe("PageFrame", () => {
  it("puts the header first and the page last", () => {
    const html = render();
    expect(html).toMatch(/^<div[^>]*><div><h1[^>]*>Settings<\/h1><p[^>]*>Connections<\/p>/);
    expect(html).toMatch(/<p>the page<\/p>$/);
    expect(html).not.toContain('role="alert"');
  });

  it("says each failure in a banner between the header and the page, and nothing for what did not fail", () => {
    const html = render([
      { title: "Connections could not be loaded.", message: "HTTP 503" },
      false,
      null,
      { title: "The test could not run." },
    ]);
    const banners = [
      ...html.matchAll(
        /<div class="mb-4"><div role="alert"[^>]*>(.*?)<\/div><\/div>(?=<div class="mb-4">|<p>the page)/g,
      ),
    ];
    expect(banners.map((b) => b[1])).toEqual([
      '<p class="font-medium">Connections could not be loaded.</p><div class="mt-0.5">HTTP 503</div>',
      '<p class="font-medium">The test could not run.</p>',
    ]);
    expect(html.indexOf("</h1>")).toBeLessThan(html.indexOf('role="alert"'));
    expect(html.lastIndexOf('role="alert"')).toBeLessThan(html.indexOf("<p>the page</p>"));
  });
});
