// Creating silences with user regexes, against a stand-in Alertmanager: a pattern that makes a
// backtracking engine take exponential time is evaluated in linear time, and one RE2 refuses is a 422
// naming the matcher before anything reaches Alertmanager.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { ingestAlertmanagerWebhook, webhookContext } from "@/lib/services/incidents/alertmanager-webhook";
import { contextFor } from "@/tests/support/actors";
import { createSilence } from ".";

const TOKEN = "test-webhook-token-silences-0123456789";
let server: Server;
const posted: { matchers: unknown[] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("Content-Type", "application/json");
      if (req.method === "GET" && req.url?.startsWith("/api/v2/silences")) return res.end("[]");
      if (req.method === "POST" && req.url === "/api/v2/silences") {
        posted.push(JSON.parse(body));
        return res.end(JSON.stringify({ silenceID: randomUUID() }));
      }
      res.writeHead(404).end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  Object.assign(env(), { ALERTMANAGER_URL: `http://127.0.0.1:${port}`, ALERTMANAGER_WEBHOOK_TOKEN: TOKEN });
});
afterAll(() => server.close());

async function openIncidentFor(service: string) {
  const labels = { alertname: "HighErrorRatio", service, severity: "critical" };
  const outcome = await ingestAlertmanagerWebhook(
    webhookContext(`Bearer ${TOKEN}`, { requestId: randomUUID(), ip: null, userAgent: null }),
    {
      version: "4",
      groupKey: `silences-${randomUUID()}`,
      status: "firing",
      receiver: "opsdeck",
      groupLabels: { alertname: "HighErrorRatio" },
      commonLabels: labels,
      commonAnnotations: {},
      externalURL: "http://alertmanager",
      alerts: [
        {
          status: "firing",
          labels,
          annotations: {},
          startsAt: new Date().toISOString(),
          endsAt: "0001-01-01T00:00:00Z",
          fingerprint: randomUUID(),
        },
      ],
    },
  );
  return outcome.incidentNumber!;
}

describe("createSilence with regex matchers", () => {
  it("evaluates x|(.|.|.)*y against long label values in linear time and records it on the incident", async () => {
    const responder = await contextFor("responder");
    const number = await openIncidentFor(`${"a".repeat(3_000)}y`);
    const other = await openIncidentFor("a".repeat(3_000));

    const result = await createSilence(responder, {
      matchers: [{ name: "service", value: "x|(.|.|.)*y", isRegex: true }],
      durationMinutes: 30,
      comment: "checking the regex engine",
    });

    expect(result.reused).toBe(false);
    expect(posted.at(-1)?.matchers).toEqual([
      { name: "service", value: "x|(.|.|.)*y", isRegex: true, isEqual: true },
    ]);
    const entries = (n: number) =>
      db().timelineEntry.count({ where: { incident: { number: n }, kind: "silence" } });
    expect(await entries(number)).toBe(1);
    expect(await entries(other)).toBe(0);
  });

  it("answers 422 naming the matcher for a regex RE2 refuses, and sends nothing to Alertmanager", async () => {
    const responder = await contextFor("responder");
    const before = posted.length;
    const error = await createSilence(responder, {
      matchers: [
        { name: "service", value: "payments" },
        { name: "alertname", value: "(?=High)HighErrorRatio", isRegex: true },
      ],
      durationMinutes: 30,
      comment: "lookahead is not RE2",
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    const response = errorResponse(error, "req-1");
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields).toEqual({
      "matchers.1.value": [
        "alertname: not a valid RE2 regular expression: invalid or unsupported Perl syntax: `(?=`",
      ],
    });
    expect(posted.length).toBe(before);
  });
});
