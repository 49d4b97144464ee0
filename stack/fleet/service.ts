// One demo service (FLEET_SERVICE names it; stack/fleet/topology.ts says what it does). Real HTTP, real
// metrics with exemplars, real traces over OTLP with context propagated to the services it calls, the
// revisions it serves as (PUT /admin/revisions, revisions.ts), and fault knobs:
// PUT /admin/faults {"errorRate":0.5,"latencyMs":300,"revision":"canary"}, POST /admin/crash.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { context, propagation, SpanKind, SpanStatusCode, type Span } from "@opentelemetry/api";
import type { z } from "zod";
import { faultsUpdateSchema, NO_FAULTS_BY_REVISION, updateFaults, type FaultsByRevision } from "./faults";
import {
  chooseRevision,
  revisionAttributes,
  revisionLabels,
  revisionsSchema,
  servedHashes,
  type Revisions,
} from "./revisions";
import { startTelemetry } from "./telemetry";
import { FLEET_SERVICES, matchRoute, TOPOLOGY, type Call, type FleetService } from "./topology";

const name = process.env.FLEET_SERVICE as FleetService;
if (!FLEET_SERVICES.includes(name))
  throw new Error(`FLEET_SERVICE must be one of ${FLEET_SERVICES.join(", ")}`);
const port = Number(process.env.FLEET_PORT);
const downstreams = JSON.parse(process.env.FLEET_DOWNSTREAMS ?? "{}") as Partial<
  Record<FleetService, string>
>;
const telemetry = startTelemetry(name, process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
let faults: FaultsByRevision = NO_FAULTS_BY_REVISION;
let revisions: Revisions | null = null;
showFaults();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A knob's new value from a PUT body, or the answer that refuses it (400 not JSON, 422 invalid). */
async function readKnob<Schema extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: Schema,
): Promise<z.output<Schema> | undefined> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)) || "{}");
  } catch {
    json(res, 400, { error: "body is not JSON" });
    return undefined;
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  json(res, 422, {
    error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
  });
  return undefined;
}

function showFaults() {
  for (const [revision, knobs] of Object.entries(faults)) {
    telemetry.errorRateKnob.set({ revision }, knobs.errorRate);
    telemetry.latencyKnob.set({ revision }, knobs.latencyMs / 1000);
  }
}

async function callDownstream(call: Call): Promise<number> {
  const base = downstreams[call.service];
  if (!base) throw new Error(`no address for ${call.service}`);
  const path = call.path.replace(":sku", `sku-${Math.floor(Math.random() * 500)}`);
  return telemetry.tracer.startActiveSpan(
    `${call.method} ${call.path}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "http.request.method": call.method,
        "server.address": call.service,
        "url.full": `${base}${path}`,
        "peer.service": call.service,
      },
    },
    async (span) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      propagation.inject(context.active(), headers);
      try {
        const response = await fetch(`${base}${path}`, {
          method: call.method,
          headers,
          body: call.method === "POST" ? "{}" : undefined,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        span.setAttribute("http.response.status_code", response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response.status;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        return 503;
      } finally {
        span.end();
      }
    },
  );
}

async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
  const route = matchRoute(TOPOLOGY[name], req.method ?? "GET", url.pathname);
  if (!route) return json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  const parent = propagation.extract(context.active(), req.headers);
  const started = performance.now();
  const served = chooseRevision(revisions, Math.random);
  const fault = faults[served.role];
  await telemetry.tracer.startActiveSpan(
    `${route.method} ${route.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": route.method,
        "http.route": route.route,
        "url.path": url.pathname,
        ...revisionAttributes(served.revision),
      },
    },
    parent,
    async (span: Span) => {
      let status = 200;
      if (fault.latencyMs) await sleep(fault.latencyMs);
      await telemetry.tracer.startActiveSpan(route.work, async (work) => {
        await sleep(between(route.workMs));
        work.end();
      });
      if (Math.random() < fault.errorRate) {
        status = 500;
        span.addEvent("fault injected", { "demo.fault": "errorRate" });
      } else {
        for (const call of route.calls) {
          if ((await callDownstream(call)) >= 500) {
            status = 502;
            break;
          }
        }
      }
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
      json(res, status, { service: name, status });
      telemetry.observeRequest(
        {
          http_request_method: route.method,
          http_route: route.route,
          http_response_status_code: String(status),
          ...revisionLabels(served.revision),
        },
        (performance.now() - started) / 1000,
        span.spanContext(),
      );
      span.end();
    },
  );
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const handle = async () => {
    if (url.pathname === "/healthz") return json(res, 200, { status: "ok", service: name });
    if (url.pathname === "/metrics") {
      telemetry.keepRevisions(servedHashes(revisions));
      res.writeHead(200, { "content-type": telemetry.registry.contentType });
      return res.end(await telemetry.registry.metrics());
    }
    if (url.pathname === "/admin/faults") {
      if (req.method === "PUT") {
        const update = await readKnob(req, res, faultsUpdateSchema);
        if (!update) return;
        faults = updateFaults(faults, update);
        showFaults();
      }
      return json(res, 200, faults);
    }
    if (url.pathname === "/admin/revisions") {
      if (req.method === "PUT") {
        const update = await readKnob(req, res, revisionsSchema);
        if (!update) return;
        revisions = update;
        console.log(JSON.stringify({ msg: "revisions", service: name, revisions }));
      }
      return json(res, 200, revisions);
    }
    if (url.pathname === "/admin/crash" && req.method === "POST") {
      json(res, 202, { crashing: name });
      setTimeout(() => process.exit(70), 50);
      return;
    }
    return serve(req, res, url);
  };
  handle().catch((error: unknown) => json(res, 500, { error: (error as Error).message }));
});

server.listen(port, "127.0.0.1", () =>
  console.log(JSON.stringify({ msg: "listening", service: name, port })),
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close();
    void telemetry.shutdown().finally(() => process.exit(0));
  });
}
