import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";
import { readJson } from "./body";

function post(body: string, type = "application/json", headers: Record<string, string> = {}) {
  return new Request("http://x/api", { method: "POST", body, headers: { "content-type": type, ...headers } });
}

describe("readJson", () => {
  it("parses JSON bodies", async () => {
    await expect(readJson(post('{"a":1}'))).resolves.toEqual({ a: 1 });
    await expect(readJson(post('{"a":1}', "application/merge-patch+json"))).resolves.toEqual({ a: 1 });
  });

  it("answers malformed, empty, oversize and non-JSON bodies with typed errors", async () => {
    await expect(readJson(post("{nope"))).rejects.toBeInstanceOf(BadRequestError);
    await expect(readJson(post("   "))).rejects.toBeInstanceOf(BadRequestError);
    await expect(readJson(post("a=1", "application/x-www-form-urlencoded"))).rejects.toBeInstanceOf(
      UnsupportedMediaTypeError,
    );
    await expect(
      readJson(post(JSON.stringify({ a: "x".repeat(100) }), "application/json"), 50),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("counts bytes even when Content-Length lies", async () => {
    const big = JSON.stringify({ a: "x".repeat(200) });
    const request = post(big, "application/json", { "content-length": "10" });
    await expect(readJson(request, 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
