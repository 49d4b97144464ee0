import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Tab, TabList, TabPanel, Tabs } from "./tabs";

function render(value: "write" | "preview") {
  return renderToStaticMarkup(
    h(Tabs, {
      value,
      onValueChange: () => {},
      children: [
        h(TabList, {
          key: "list",
          label: "Body",
          end: h("span", null, "3 steps"),
          children: [
            h(Tab, { key: "w", value: "write", children: "Write" }),
            h(Tab, { key: "p", value: "preview", children: "Preview" }),
          ],
        }),
        h(TabPanel, { key: "w", value: "write", children: "the editor" }),
        h(TabPanel, { key: "p", value: "preview", children: "the preview" }),
      ],
    }),
  );
}

const tag = (html: string, pattern: RegExp) => html.match(pattern)?.[0] ?? "";

describe("Tabs", () => {
  it("names the tablist and marks the selected tab", () => {
    const html = render("preview");
    expect(tag(html, /<div[^>]*role="tablist"[^>]*>/)).toContain('aria-label="Body"');
    expect(tag(html, /<button[^>]*>Write/)).toContain('aria-selected="false"');
    expect(tag(html, /<button[^>]*>Preview/)).toMatch(/role="tab".*aria-selected="true"/);
  });

  it("makes the selected tab the list's one stop of the Tab key", () => {
    const html = render("preview");
    expect(tag(html, /<button[^>]*>Preview/)).toContain('tabindex="0"');
    expect(tag(html, /<button[^>]*>Write/)).toContain('tabindex="-1"');
  });

  it("renders only the selected panel, labelled by its tab", () => {
    const html = render("write");
    expect(html).toContain("the editor");
    expect(html).not.toContain("the preview");
    const tabId = tag(html, /<button[^>]*>Write/).match(/id="([^"]+)"/)?.[1];
    expect(tabId).toBeTruthy();
    expect(tag(html, /<div[^>]*role="tabpanel"[^>]*>/)).toContain(`aria-labelledby="${tabId}"`);
  });

  it("keeps what stands beside the tabs out of the tablist", () => {
    const html = render("write");
    const tablist = html.slice(
      html.indexOf('role="tablist"'),
      html.indexOf("</div>", html.indexOf('role="tablist"')),
    );
    expect(tablist).not.toContain("3 steps");
    expect(html).toContain("3 steps");
  });
});
