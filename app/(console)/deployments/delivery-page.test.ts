import { isValidElement, type ReactElement } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AccessDenied } from "@/components/access-denied";
import type { Role } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { deliveryPageMetadata, renderDeliveryPage } from "./delivery-page";

const viewer = vi.hoisted(() => ({ role: "operator" as Role, forbidden: false }));

vi.mock("@/lib/auth/page-context", () => ({
  pageContext: async (permission: string) => ({
    ctx: { actor: { role: viewer.role } },
    forbidden: viewer.forbidden ? new ForbiddenError(permission) : null,
  }),
}));

const props = (cluster: string, namespace: string, name: string) => ({
  params: Promise.resolve({ cluster, namespace, name }),
});

/** What the page shows: the arguments `show` got, or the element it returned instead. */
async function open(path: ReturnType<typeof props>) {
  const show = vi.fn(() => "shown");
  const page = await renderDeliveryPage(path, show);
  return { page, shown: show.mock.calls[0] as unknown[] | undefined };
}

beforeEach(() => {
  viewer.role = "operator";
  viewer.forbidden = false;
});

describe("renderDeliveryPage", () => {
  it("shows the path's rollout, decoded, and lets an operator act on it", async () => {
    const { page, shown } = await open(props("prod%20eu", "shop", "checkout"));
    expect(page).toBe("shown");
    expect(shown).toEqual([{ cluster: "prod eu", namespace: "shop", name: "checkout" }, true]);
  });

  it("lets a viewer watch but not act", async () => {
    viewer.role = "viewer";
    const { shown } = await open(props("prod", "shop", "checkout"));
    expect(shown?.[1]).toBe(false);
  });

  it("says access is denied to a role that may not read deployments, naming the permission", async () => {
    viewer.forbidden = true;
    const { page, shown } = await open(props("prod", "shop", "checkout"));
    expect(shown).toBeUndefined();
    expect(isValidElement(page) && page.type).toBe(AccessDenied);
    expect((page as ReactElement<{ permission: string }>).props.permission).toBe("deployments:read");
  });

  it.each([
    ["no cluster", "", "shop", "checkout"],
    ["a namespace that is no Kubernetes name", "prod", "Shop", "checkout"],
    ["a name that is no Kubernetes name", "prod", "shop", "check%2Fout"],
  ])("answers 404 for %s", async (_, cluster, namespace, name) => {
    await expect(open(props(cluster, namespace, name))).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
  });
});

describe("deliveryPageMetadata", () => {
  it("titles the tab with the decoded name and namespace", async () => {
    expect(await deliveryPageMetadata(props("prod", "shop%2Dint", "check%20out"))).toEqual({
      title: "check out (shop-int)",
    });
  });
});
