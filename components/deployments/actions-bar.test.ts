import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ActionAvailabilityView, RolloutDetail } from "@/lib/services/deployments/model";
import { ActionsBar } from "./actions-bar";

const off = (action: ActionAvailabilityView["action"], reason: string): ActionAvailabilityView => ({
  action,
  toRevision: null,
  available: false,
  reason,
  effect: null,
});
const on = (action: ActionAvailabilityView["action"], effect: string): ActionAvailabilityView => ({
  action,
  toRevision: null,
  available: true,
  reason: null,
  effect,
});

// Only what the bar reads of a rollout's detail.
const detail = {
  summary: { name: "checkout", cluster: "prod", namespace: "shop" },
  view: { revision: 5, step: { index: 1, count: 7 } },
  actions: [
    off("promote", "Promote does nothing on an aborted rollout: retry it first."),
    on("retry", "retries checkout: the update to revision 5 starts again from step 1 of 7"),
  ],
  undo: [
    {
      revision: 4,
      replicaSet: "checkout-4",
      images: ["registry/demo/checkout:v4"],
      availability: { ...on("undo", "rolls the pod template of checkout back to revision 4"), toRevision: 4 },
    },
  ],
} as unknown as RolloutDetail;

const html = renderToStaticMarkup(h(ActionsBar, { detail }));
const button = (action: string) =>
  html.match(new RegExp(`<button[^>]*data-action="${action}"[^>]*>`))?.[0] ?? "";

describe("ActionsBar", () => {
  it("keeps an unavailable action focusable and describes it with its reason", () => {
    const promote = button("promote");
    expect(promote).toContain('aria-disabled="true"');
    expect(promote).not.toMatch(/\sdisabled=""/);
    const describedBy = promote.match(/aria-describedby="([^"]+)"/)?.[1];
    expect(describedBy).toBeTruthy();
    expect(html).toContain(
      `id="${describedBy}">Promote does nothing on an aborted rollout: retry it first.</span>`,
    );
  });

  it("leaves an available action plain", () => {
    expect(button("retry")).not.toContain("aria-disabled=");
    expect(button("retry")).not.toContain("aria-describedby=");
  });

  it("offers undo to the previous revision first", () => {
    expect(html).toMatch(/<option value="4" selected="">revision 4 \(checkout:v4\)<\/option>/);
    expect(button("undo")).not.toContain("aria-disabled=");
  });
});
