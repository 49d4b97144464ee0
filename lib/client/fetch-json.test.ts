import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The module keeps whether the page is leaving the session, so each test loads it afresh.
async function load() {
  vi.resetModules();
  return import("./fetch-json");
}

describe("apiError on a 401", () => {
  const assign = vi.fn();
  beforeEach(() => {
    assign.mockReset();
    vi.stubGlobal("window", { location: { pathname: "/incidents", search: "?from=now-6h", assign } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends the person to sign in, coming back here afterwards", async () => {
    const { apiError } = await load();
    const error = apiError(401, { error: { code: "unauthenticated", message: "Sign in first." } });
    expect(error.status).toBe(401);
    expect(assign).toHaveBeenCalledExactlyOnceWith(
      "/signin?expired=1&callbackUrl=%2Fincidents%3Ffrom%3Dnow-6h",
    );
  });

  it("redirects once, however many queries fail after the session ended", async () => {
    const { apiError } = await load();
    apiError(401, {});
    apiError(401, {});
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it("leaves a sign-out's own navigation alone", async () => {
    const { apiError, leaveSession } = await load();
    leaveSession();
    const error = apiError(401, {});
    expect(error.message).toBe("The server answered 401.");
    expect(assign).not.toHaveBeenCalled();
  });

  it("does not redirect on other errors", async () => {
    const { apiError } = await load();
    expect(apiError(403, { error: { code: "forbidden", message: "No." } }).code).toBe("forbidden");
    expect(assign).not.toHaveBeenCalled();
  });
});
