// Contract tests of the paging payloads against the vendors' published request schemas, transcribed
// into zod (every property, its type, enum and requiredness as published; unknown properties refused,
// which is stricter than the vendors, so a typo cannot slip through):
// - PagerDuty Events API v2: github.com/PagerDuty/api-schema, reference/events-v2/openapiv3.json
//   (commit 5cd58ff2b5eebc209eaf19e0ff6ca8f40bdd5a94), POST /enqueue.
// - Opsgenie Alert API: github.com/opsgenie/opsgenie-oas, definitions/alert.yaml (commit
//   2497a78a9cb222c6ab55609c43a69e9fb5aa24bc: CreateAlertPayload, AcknowledgeAlertPayload,
//   CloseAlertPayload) and paths/alert.yaml (commit 41a59a1316038a31bf1228e2f1af3b25d3c6d369: POST
//   /v2/alerts, /v2/alerts/{identifier}/acknowledge and /close with identifierType).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { IncidentEvent, IncidentSnapshot } from "./outbox";
import { opsgenieRequest, pagerDutyEvent, pagingAction, pagingKey } from "./paging";

const url = z.url();
const pagerDutyEnqueue = z
  .object({
    routing_key: z.string(),
    event_action: z.enum(["trigger", "acknowledge", "resolve"]),
    dedup_key: z.string().optional(),
    payload: z
      .object({
        summary: z.string(),
        timestamp: z.iso.datetime({ offset: true }).optional(),
        severity: z.enum(["critical", "warning", "error", "info"]),
        source: z.string(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    client: z.string().optional(),
    client_url: url.optional(),
    links: z.array(z.object({ href: url, text: z.string().optional() }).strict()).optional(),
    images: z
      .array(z.object({ src: url, href: url.optional(), alt: z.string().optional() }).strict())
      .optional(),
  })
  .strict()
  // "dedup_key: Required unless the event_type is trigger"; a trigger needs its payload.
  .refine((e) => e.event_action === "trigger" || e.dedup_key !== undefined, "dedup_key required")
  .refine((e) => e.event_action !== "trigger" || e.payload !== undefined, "payload required");

const alertAction = {
  user: z.string().optional(),
  note: z.string().optional(),
  source: z.string().optional(),
};
const recipient = z.object({ type: z.string() }).passthrough();
const opsgenieCreate = z
  .object({
    ...alertAction,
    message: z.string(),
    alias: z.string().optional(),
    description: z.string().optional(),
    responders: z.array(recipient).optional(),
    visibleTo: z.array(recipient).optional(),
    actions: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    details: z.record(z.string(), z.string()).optional(),
    entity: z.string().optional(),
    priority: z.enum(["P1", "P2", "P3", "P4", "P5"]).optional(),
  })
  .strict();
const opsgenieAction = z.object(alertAction).strict();
// Opsgenie's documented limits (alert-api#createAlert): message 130 characters, alias 512, tags 20.
const opsgenieLimits = z.object({
  message: z.string().max(130),
  alias: z.string().max(512),
  tags: z.array(z.string()).max(20),
});

const incident = (over: Partial<IncidentSnapshot> = {}): IncidentSnapshot => ({
  id: "0d9f1c2e-5b7a-4e8e-9c1d-2f3a4b5c6d7e",
  number: 42,
  title: "Payments fail for EU cards",
  severity: "SEV2",
  status: "investigating",
  services: ["payments", "checkout"],
  ...over,
});
const LINK = "https://opsdeck.example.com/incidents/42";

describe("pagingAction", () => {
  it.each<[IncidentEvent, Partial<IncidentSnapshot>, string | null]>([
    ["incident.declared", {}, "trigger"],
    ["incident.reopened", {}, "trigger"],
    ["incident.severity_changed", { severity: "SEV1" }, "trigger"],
    ["incident.commander_assigned", {}, "acknowledge"],
    ["incident.status_changed", { status: "resolved" }, "resolve"],
    ["incident.status_changed", { status: "monitoring" }, null],
    ["incident.commander_assigned", { status: "resolved" }, null],
  ])("%s of an incident %o pages %s", (event, over, action) => {
    expect(pagingAction(event, incident(over))).toBe(action);
  });
});

describe("PagerDuty Events API v2", () => {
  it.each(["trigger", "acknowledge", "resolve"] as const)(
    "a %s event matches the published schema",
    (action) => {
      const event = JSON.parse(JSON.stringify(pagerDutyEvent(action, incident(), "R0UT1NGKEY", LINK)));
      expect(pagerDutyEnqueue.safeParse(event).error?.issues ?? []).toEqual([]);
      expect(event).toMatchObject({
        routing_key: "R0UT1NGKEY",
        event_action: action,
        dedup_key: pagingKey(incident()),
      });
    },
  );

  it("triggers with the incident's summary, severity, services and link", () => {
    expect(pagerDutyEvent("trigger", incident(), "k", LINK)).toMatchObject({
      payload: {
        summary: "Incident #42 (SEV2): Payments fail for EU cards",
        severity: "error",
        source: "opsdeck",
        component: "payments",
      },
      links: [{ href: LINK }],
    });
    expect(pagerDutyEvent("trigger", incident({ severity: "SEV1" }), "k", LINK)).toMatchObject({
      payload: { severity: "critical" },
    });
  });

  it("a trigger without services still matches", () => {
    const event = JSON.parse(
      JSON.stringify(pagerDutyEvent("trigger", incident({ services: [] }), "k", LINK)),
    );
    expect(pagerDutyEnqueue.safeParse(event).success).toBe(true);
  });
});

describe("Opsgenie Alert API", () => {
  it("creates an alert keyed by the incident, matching CreateAlertPayload", () => {
    const { path, body } = opsgenieRequest("trigger", incident({ title: "x".repeat(300) }), LINK);
    expect(path).toBe("/v2/alerts");
    expect(opsgenieCreate.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(opsgenieLimits.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(body).toMatchObject({
      alias: pagingKey(incident()),
      priority: "P2",
      tags: ["opsdeck", "payments", "checkout"],
    });
  });

  it.each([
    ["acknowledge", "acknowledge"],
    ["resolve", "close"],
  ] as const)(
    "%s is POST /v2/alerts/{alias}/%s?identifierType=alias with an AlertActionPayload",
    (action, verb) => {
      const { path, body } = opsgenieRequest(action, incident(), LINK);
      expect(path).toBe(`/v2/alerts/${pagingKey(incident())}/${verb}?identifierType=alias`);
      expect(opsgenieAction.safeParse(body).error?.issues ?? []).toEqual([]);
    },
  );
});
