import { describe, expect, it } from "vitest";
import { demoGateUrls, flaggerCanary } from "./demo-flagger";

describe("the demo Flagger canary", () => {
  it("calls Opsdeck's gates with the token in the path when the stack has an app URL and a token", () => {
    const urls = demoGateUrls({
      appUrl: "http://localhost:3000",
      token: "t0k/en",
      sinkUrl: "http://127.0.0.1:4000",
    });
    expect(urls("confirm-promotion")).toBe(
      "http://localhost:3000/api/webhooks/flagger/t0k%2Fen/confirm-promotion",
    );
    expect(urls("rollback")).toBe("http://localhost:3000/api/webhooks/flagger/t0k%2Fen/rollback");
  });

  it("calls the stack's own gates without an app URL or without a token", () => {
    for (const options of [{}, { appUrl: "http://localhost:3000" }, { token: "t" }])
      expect(demoGateUrls({ ...options, sinkUrl: "http://127.0.0.1:4000" })("confirm-rollout")).toBe(
        "http://127.0.0.1:4000/flagger/confirm-rollout",
      );
  });

  it("gates promotion and rollback by default, one webhook per gate of its type", () => {
    const canary = flaggerCanary("recommendations", { gateUrls: (gate) => `http://gates/${gate}` });
    expect(canary.spec.analysis.webhooks).toEqual([
      {
        name: "confirm-promotion",
        type: "confirm-promotion",
        url: "http://gates/confirm-promotion",
        timeout: "5s",
      },
      { name: "rollback", type: "rollback", url: "http://gates/rollback", timeout: "5s" },
    ]);
    expect(canary.metadata.labels.app).toBe("recommendations");
    expect(canary.spec.analysis.metrics[0]!.templateVariables).toEqual({ service: "recommendations" });
  });
});
