import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/app/api/routes";
import { methodList, servedMethods } from "./api-methods";

describe("servedMethods", () => {
  it("is what a route exports, with HEAD where it has GET and OPTIONS always, sorted as Next.js's Allow", () => {
    const handler = () => undefined;
    expect(servedMethods({ POST: handler })).toEqual(["OPTIONS", "POST"]);
    expect(servedMethods({ PUT: handler, GET: handler, dynamic: "force-dynamic" })).toEqual([
      "GET",
      "HEAD",
      "OPTIONS",
      "PUT",
    ]);
  });

  it("reads the real route modules", () => {
    expect(servedMethods(API_ROUTES["/api/runbooks/[id]"])).toEqual(["GET", "HEAD", "OPTIONS", "PUT"]);
    expect(servedMethods(API_ROUTES["/api/silences/[id]"])).toEqual(["DELETE", "OPTIONS"]);
    expect(servedMethods(API_ROUTES["/api/overview"])).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});

describe("methodList", () => {
  it("reads as a sentence", () => {
    expect(methodList(["GET"])).toBe("GET");
    expect(methodList(["GET", "HEAD", "OPTIONS"])).toBe("GET, HEAD or OPTIONS");
  });
});
