import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { DeliveryNotFound, RolloutNotFound } from "./delivery-not-found";

// The app's Link prefetches through the app router, which a static render has not mounted.
vi.mock("@/components/ui/link", () => ({
  Link: (props: React.AnchorHTMLAttributes<HTMLAnchorElement>) => h("a", props),
}));

describe("DeliveryNotFound", () => {
  it("says what is missing, why it may be, and links back to every deployment", () => {
    const html = renderToStaticMarkup(
      h(DeliveryNotFound, { title: "No Flagger canary web in shop", back: "See every deployment" }),
    );
    expect(html).toContain('<h2 class="text-base font-semibold">No Flagger canary web in shop</h2>');
    expect(html).toContain("It may have been deleted or renamed");
    expect(html).toMatch(/<a [^>]*href="\/deployments"[^>]*>See every deployment<\/a>/);
    expect(html).not.toContain("<svg");
  });
});

describe("RolloutNotFound", () => {
  it("names the rollout it looked for, with the rollout icon", () => {
    const html = renderToStaticMarkup(
      h(RolloutNotFound, { rolloutRef: { cluster: "prod", namespace: "shop", name: "checkout" } }),
    );
    expect(html).toContain("No rollout checkout in shop of cluster prod");
    expect(html).toContain("<svg");
    expect(html).toMatch(/<a [^>]*href="\/deployments"[^>]*>See every rollout<\/a>/);
  });

  it("says the address names no rollout when it has none", () => {
    expect(renderToStaticMarkup(h(RolloutNotFound))).toContain("There is no rollout at this address");
  });
});
