import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DeliveryPageSkeleton } from "./delivery-skeleton";

describe("DeliveryPageSkeleton", () => {
  it("says what is loading, and holds the crumbs', title's and page's placeholders", () => {
    const html = renderToStaticMarkup(h(DeliveryPageSkeleton, { label: "Loading the canary" }));
    expect(html).toMatch(/^<div aria-busy="true" aria-label="Loading the canary">/);
    expect(html).toContain("mb-2 h-3 w-56");
    expect(html).toContain("mb-5 h-7 w-48");
    expect(html).toContain('<div class="space-y-4" aria-busy="true" aria-label="Loading the rollout">');
  });
});
