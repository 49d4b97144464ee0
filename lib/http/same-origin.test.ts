import { describe, expect, it } from "vitest";
import { CrossOriginError } from "@/lib/errors";
import { crossOriginRefusal } from "./same-origin";

const OWN = ["https://ops.example.com", "https://opsdeck.internal:8443"];
const refusal = (method: string, headers: Record<string, string>) =>
  crossOriginRefusal(method, new Headers(headers), OWN);

describe("crossOriginRefusal", () => {
  it("lets reads through from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      expect(refusal(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBeNull();
  });

  it("lets changes through from the app's own origins", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(refusal(method, { origin: "https://ops.example.com" })).toBeNull();
      expect(
        refusal(method, { origin: "https://opsdeck.internal:8443", "sec-fetch-site": "same-origin" }),
      ).toBeNull();
    }
  });

  it("refuses changes from any other origin, whatever Sec-Fetch-Site claims", () => {
    for (const origin of [
      "https://evil.example",
      "http://ops.example.com", // another scheme is another origin
      "https://ops.example.com:444",
      "https://sub.ops.example.com",
      "null", // sandboxed frames, file: pages
    ]) {
      const error = refusal("POST", { origin, "sec-fetch-site": "same-origin" });
      expect(error, origin).toBeInstanceOf(CrossOriginError);
      expect(error?.status).toBe(403);
    }
    expect(refusal("DELETE", { origin: "https://evil.example" })?.message).toContain(
      "not from https://evil.example",
    );
  });

  it("without Origin, goes by Sec-Fetch-Site: only same-origin and none pass", () => {
    expect(refusal("POST", { "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal("POST", { "sec-fetch-site": "none" })).toBeNull();
    expect(refusal("POST", { "sec-fetch-site": "same-site" })?.message).toContain(
      "not from a same-site page",
    );
    expect(refusal("POST", { "sec-fetch-site": "cross-site" })).toBeInstanceOf(CrossOriginError);
  });

  it("refuses a change that says nothing about where it comes from, telling the client what to send", () => {
    expect(refusal("PATCH", {})?.message).toMatch(/send an Origin header/);
  });
});
