import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NotConfigured } from "./not-configured";

describe("NotConfigured", () => {
  it("names the upstream and shows the variables to set as code", () => {
    const html = renderToStaticMarkup(
      createElement(NotConfigured, {
        label: "Jaeger",
        message: "Set JAEGER_URL to search traces and see service dependencies.",
      }),
    );
    expect(html).toContain("Jaeger is not configured.");
    expect(html).toContain("Set <code>JAEGER_URL</code> to search traces");
    expect(html).toContain('role="status"');
  });
});
