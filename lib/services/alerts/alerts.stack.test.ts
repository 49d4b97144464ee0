// Alerts, silences and acknowledgements against the real Alertmanager of the test stack.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { contextFor } from "@/tests/support/actors";
import { clearFaults, setFaults, waitFor } from "@/tests/support/stack";
import { acknowledgeAlert, createSilence, expireSilence, listAlertGroups, listRules, listSilences } from ".";

afterAll(clearFaults);

describe("alerts and silences", () => {
  it(
    "shows a firing alert; silences it for a responder, audited; refuses a viewer; acks; expires",
    { timeout: 240_000 },
    async () => {
      const responder = await contextFor("responder");
      const viewer = await contextFor("viewer");
      await setFaults("inventory", { errorRate: 0.8 });

      const alert = await waitFor(
        "HighErrorRatio for inventory",
        async () =>
          (
            await listAlertGroups(viewer, { filter: ['alertname="HighErrorRatio"', 'service="inventory"'] })
          ).groups
            .flatMap((g) => g.alerts)
            .find((a) => a.state === "active"),
        { timeoutMs: 150_000, intervalMs: 3_000 },
      );
      expect(alert).toMatchObject({ name: "HighErrorRatio", service: "inventory", silenced: false });
      expect(alert.runbookUrl).toBe("http://localhost:3000/runbooks?alert=HighErrorRatio&service=inventory");
      expect(alert.generatorURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graph/);

      // A viewer may look but not silence; the refusal is audited.
      await expect(
        createSilence(viewer, {
          matchers: [{ name: "service", value: "inventory" }],
          durationMinutes: 30,
          comment: "looking",
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(
        await db().auditEntry.findFirst({
          where: { requestId: viewer.requestId, action: "silence.create", result: "denied" },
        }),
      ).not.toBeNull();

      // A catch-all silence needs explicit confirmation.
      await expect(
        createSilence(responder, {
          matchers: [{ name: "alertname", value: ".+", isRegex: true }],
          durationMinutes: 30,
          comment: "everything",
        }),
      ).rejects.toBeInstanceOf(ValidationError);

      const input = {
        matchers: [
          { name: "alertname", value: "HighErrorRatio" },
          { name: "service", value: "inventory" },
        ],
        durationMinutes: 30,
        comment: "Known issue, fix deploying",
      };
      const silence = await createSilence(responder, input);
      expect(silence.reused).toBe(false);
      // A retried request does not create a second silence.
      expect(await createSilence(responder, input)).toEqual({ id: silence.id, reused: true });

      const silenced = await waitFor("the alert silenced in Alertmanager", async () =>
        (
          await listAlertGroups(viewer, {
            filter: ['service="inventory"', 'alertname="HighErrorRatio"'],
            silenced: "true",
          })
        ).groups
          .flatMap((g) => g.alerts)
          .find((a) => a.silenced),
      );
      expect(silenced.state).toBe("suppressed");
      const audit = await db().auditEntry.findFirstOrThrow({
        where: { requestId: responder.requestId, action: "silence.create", result: "success" },
      });
      expect(audit).toMatchObject({
        targetType: "silence",
        targetId: silence.id,
        actorEmail: responder.actor!.email,
      });
      const listed = (await listSilences(viewer)).find((s) => s.id === silence.id)!;
      expect(listed).toMatchObject({
        state: "active",
        createdBy: responder.actor!.email,
        comment: "Known issue, fix deploying",
        isAck: false,
      });

      await expireSilence(responder, silence.id);
      await expireSilence(responder, silence.id); // again: already expired, still fine
      expect((await listSilences(viewer)).find((s) => s.id === silence.id)?.state).toBe("expired");

      // Acknowledge: a short silence owned by the responder, shown on the alert.
      const ack = await acknowledgeAlert(responder, {
        fingerprint: alert.fingerprint,
        durationMinutes: 15,
        note: "on it",
      });
      const acked = await waitFor("the ack on the alert", async () =>
        (
          await listAlertGroups(viewer, {
            filter: ['service="inventory"', 'alertname="HighErrorRatio"'],
            silenced: "true",
          })
        ).groups
          .flatMap((g) => g.alerts)
          .find((a) => a.ack),
      );
      expect(acked.ack).toMatchObject({ by: responder.actor!.email, silenceId: ack.id });
      await expireSilence(responder, ack.id);
      await setFaults("inventory", { errorRate: 0 });
    },
  );

  it("lists Prometheus's rule groups with their health", async () => {
    const viewer = await contextFor("viewer");
    const rules = await listRules(viewer);
    const group = rules.groups.find((g) => g.name === "opsdeck-service-alerts")!;
    expect(group.rules.map((r) => r.name)).toContain("HighErrorRatio");
    expect(group.rules.every((r) => typeof r.evaluationTime === "number")).toBe(true);
  });
});
