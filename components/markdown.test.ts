import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineMarkdown, Markdown, MarkdownImageOrigins } from "./markdown";

const render = (text: string, origins: string[] = []) =>
  renderToStaticMarkup(
    createElement(MarkdownImageOrigins, { value: origins }, createElement(Markdown, null, text)),
  );

describe("Markdown", () => {
  it("does not load images from other sites: they become links", () => {
    const html = render("![the graph](https://tracker.example.net/pixel.png?reader=1)");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://tracker.example.net/pixel.png?reader=1"');
    expect(html).toContain(">the graph</a>");
  });

  it("shows images from Opsdeck itself and from allowed origins, without a referrer", () => {
    expect(render("![own](/api/attachments/1.png)")).toContain('<img src="/api/attachments/1.png" alt="own"');
    const allowed = render("![ok](https://images.example.com/a.png)", ["https://images.example.com"]);
    expect(allowed).toContain('<img src="https://images.example.com/a.png"');
    expect(allowed).toContain('referrerPolicy="no-referrer"');
    // Same host, another scheme or port: another origin.
    expect(render("![no](http://images.example.com/a.png)", ["https://images.example.com"])).not.toContain(
      "<img",
    );
    expect(render("![no](//images.example.com/a.png)", ["https://images.example.com"])).not.toContain("<img");
  });

  it("still drops raw HTML and script links", () => {
    const html = render('<img src=x onerror="alert(1)"> [x](javascript:alert(1))');
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
  });
});

describe("InlineMarkdown", () => {
  const inline = (text: string) =>
    renderToStaticMarkup(
      createElement(MarkdownImageOrigins, { value: [] }, createElement(InlineMarkdown, null, text)),
    );

  it("renders a checklist step's inline Markdown, without a paragraph around it", () => {
    const html = inline(
      "Run `kubectl rollout undo` if **p99** is still high, see [the board](/services/checkout)",
    );
    expect(html).toContain("<code>kubectl rollout undo</code>");
    expect(html).toContain("<strong>p99</strong>");
    expect(html).toContain('<a href="/services/checkout" rel="noopener noreferrer nofollow">the board</a>');
    expect(html).not.toContain("<p>");
    expect(html).not.toContain("`");
  });

  it("keeps blocks out: a heading or list in a step is its text", () => {
    const html = inline("# Restart <script>alert(1)</script>");
    expect(html).not.toContain("<h1>");
    expect(html).not.toContain("<script");
    expect(html).toContain("Restart");
  });
});
