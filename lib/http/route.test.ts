import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { route } from "./route";

describe("route", () => {
  it("refuses a change from another site before it reads the session or runs the handler", async () => {
    const handler = vi.fn();
    const response = await route({ summary: "Declare an incident", access: "incidents:write" }, handler)(
      new NextRequest("http://localhost:3000/api/incidents", {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "application/json",
          "x-request-id": "req-1",
        },
        body: "{}",
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: {
        code: "cross_origin",
        message: "Changes are accepted only from Opsdeck's own pages, not from https://evil.example.",
        requestId: "req-1",
      },
    });
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(handler).not.toHaveBeenCalled();
  });
});
