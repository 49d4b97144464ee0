import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

const base = "https://opsdeck.example.com";

describe("safeCallbackPath", () => {
  it.each([
    ["/audit?actor=a%40b.c#x", "/audit?actor=a%40b.c#x"],
    ["https://opsdeck.example.com/admin/users", "/admin/users"],
    ["alerts", "/alerts"],
    // Encoded slashes stay a path on this site when the browser follows it.
    ["/%2F%2Fevil.example.com", "/%2F%2Fevil.example.com"],
  ])("keeps same-origin target %s", (target, expected) => {
    expect(safeCallbackPath(target, base)).toBe(expected);
  });

  it.each([
    "https://evil.example.com/",
    "//evil.example.com/path",
    "/\\evil.example.com",
    "\\\\evil.example.com",
    "javascript:alert(1)",
    "http://opsdeck.example.com/", // other scheme is another origin
    "https://opsdeck.example.com.evil.com/",
    "\u0000/x",
    "",
  ])("refuses %j", (target) => {
    const result = safeCallbackPath(target, base, "/");
    expect(result).toBe("/");
  });

  it("never returns a protocol-relative path", () => {
    expect(safeCallbackPath("/.//evil.com", base).startsWith("//")).toBe(false);
  });
});
