import { describe, expect, it } from "vitest";
import { GET, POST } from "./route";

describe("unknown API paths", () => {
  it.each([
    ["GET", GET],
    ["POST", POST],
  ])("%s answers the standard 404 error body with the request id", async (method, handler) => {
    const request = new Request("http://x/api/does/not/exist", {
      method,
      headers: { "x-request-id": "req-404" },
    });
    const response = handler(request);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("req-404");
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "There is no API at /api/does/not/exist.", requestId: "req-404" },
    });
  });

  it("makes a request id when the request has none", async () => {
    const body = await GET(new Request("http://x/api/nope")).json();
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
