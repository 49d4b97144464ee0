// The production build bundles lib/errors more than once (the instrumentation's objects throw errors of
// their copy); instanceof on the typed errors must hold across copies, or a 404 answers 500.
import { describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/http/respond";
import { AppError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from "./errors";

async function anotherCopy() {
  vi.resetModules();
  const copy = await import("./errors");
  vi.resetModules();
  return copy;
}

describe("typed errors across copies of the module", () => {
  it("are instances of the same classes of another copy, and of nothing else", async () => {
    const copy = await anotherCopy();
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const notFound = new copy.NotFoundError('No Kubernetes cluster named "0" is configured.');
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toBeInstanceOf(AppError);
    expect(notFound).toBeInstanceOf(Error);
    expect(notFound).not.toBeInstanceOf(ForbiddenError);
    expect(notFound).not.toBeInstanceOf(ValidationError);
    expect(new copy.UpstreamError("kubernetes", "timeout", "slow")).toBeInstanceOf(UpstreamError);
    expect(new Error("plain")).not.toBeInstanceOf(AppError);
    expect(null).not.toBeInstanceOf(AppError);
  });

  it("keeps the subclass's place in the hierarchy for subclasses without a kind of their own", async () => {
    const copy = await anotherCopy();
    class PromqlLike extends copy.ValidationError {}
    const error = new PromqlLike({ query: ["bad"] });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(AppError);
    expect(error).not.toBeInstanceOf(NotFoundError);
  });

  it("are answered with their own status, not 500", async () => {
    const copy = await anotherCopy();
    const response = errorResponse(new copy.NotFoundError("No rollout here."), "req-1");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "No rollout here.", requestId: "req-1" },
    });
  });
});
