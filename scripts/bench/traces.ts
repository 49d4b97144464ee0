// Benchmark: opening huge traces in the app, in headless Chromium.
//   npm run bench:traces -- [--sizes 1000,10000,50000,100000] [--runs 3] [--port 19400]
// Starts a Jaeger (the stack's build, in-memory storage), sends it deterministic synthetic traces over
// OTLP (about 20 services, depth up to 12, fan-out 1-20, a few attributes per span, some errors), starts
// an app instance (the current `next build`; ports --port to --port + 11), and for each size opens a fresh
// copy of the trace (so no cache helps) and prints the median and range over the runs of: time from
// navigation to the first rows in the document (streamed with the HTML, or drawn after a fetch), with the
// document's first byte and first paint as the phases before them, the same again in a new tab while the
// server still holds the view (the floor the browser and page set on this machine), to interactive (clicking a span opens its details with its attributes), the longest main-thread task
// between the first rows and interactive, the app's requests while opening (API calls and Next.js
// prefetches), JS heap after GC, and while scrolling at 2,000 px/s the share of frames over 20 ms and the
// longest frame. Jaeger's own answer time for the same trace, over HTTP (/api/v3, OTLP JSON) and over
// gRPC (GetTrace, OTLP protobuf; the app's transport here), is printed beside it, with the bytes of each,
// and the server's own part timed in this process with the app's code (read and decode, build the view).
// BENCH_DEBUG=1 also prints each page's timeline (document, hydration, API call, first render);
// BENCH_KEEP=1 leaves Jaeger and the app running after loading the traces, for poking at by hand.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { chromium } from "@playwright/test";
import { JaegerClient } from "../../lib/jaeger/client";
import { GET_TRACE, getTraceRequest } from "../../lib/jaeger/grpc";
import { buildTrace } from "../../lib/traces/build";
import { jaegerConfig } from "../../stack/config";
import { ensureJaeger } from "../../stack/install";
import { say, startApp, stop, waitFor } from "./support";
import { seededRandom } from "../../stack/random";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,50000,100000" },
    runs: { type: "string", default: "3" },
    port: { type: "string", default: "19400" },
  },
});
const SIZES = values.sizes!.split(",").map(Number);
const RUNS = Number(values.runs);
const PORT = Number(values.port);

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

type SynthSpan = {
  spanId: string;
  parentSpanId: string;
  service: number;
  name: string;
  start: number; // µs from the trace start
  end: number;
  error: boolean;
  attributes: { key: string; value: Record<string, unknown> }[];
};

/** A trace of `size` spans, the same shape for a given size whatever the copy (only the ids differ). */
function synthesize(size: number, copy: number): { traceId: string; spans: SynthSpan[] } {
  const rand = seededRandom(size);
  const traceId = hex(size, 16) + hex(copy + 1, 16);
  const spans: SynthSpan[] = [];
  const depth: number[] = [];
  const capacity: number[] = [];
  const open: number[] = [];
  const add = (parent: number, service: number, start: number, end: number) => {
    const i = spans.length;
    const operation = Math.floor(rand() * 6);
    spans.push({
      spanId: hex(copy + 1, 4) + hex(i + 1, 12),
      parentSpanId: parent < 0 ? "" : spans[parent]!.spanId,
      service,
      name: `${["GET", "POST", "SELECT", "PUBLISH", "CALL", "RENDER"][operation]} /svc-${service}/op-${operation}`,
      start,
      end,
      error: rand() < 0.02,
      attributes: [
        { key: "http.request.method", value: { stringValue: operation === 1 ? "POST" : "GET" } },
        { key: "http.response.status_code", value: { intValue: String(rand() < 0.02 ? 500 : 200) } },
        { key: "request.id", value: { stringValue: hex(Math.floor(rand() * 2 ** 32), 8) } },
        ...(operation === 2
          ? [{ key: "db.statement", value: { stringValue: "SELECT * FROM items WHERE id = $1" } }]
          : []),
      ],
    });
    depth.push(parent < 0 ? 0 : depth[parent]! + 1);
    capacity.push(1 + Math.floor(rand() * 20));
    if (depth[i]! < 11) open.push(i);
  };
  add(-1, 0, 0, 5_000_000);
  while (spans.length < size) {
    if (!open.length) {
      capacity[0]! += 20;
      open.push(0);
    }
    // Mostly deepen from the newest open span, sometimes widen anywhere: depth up to 12, fan-out 1-20.
    const at = rand() < 0.6 ? open.length - 1 : Math.floor(rand() * open.length);
    const parent = open[at]!;
    const p = spans[parent]!;
    const start = p.start + rand() * (p.end - p.start) * 0.8;
    const end = start + Math.max(1, rand() * (p.end - start));
    add(parent, rand() < 0.5 ? p.service : Math.floor(rand() * 20), start, end);
    if (--capacity[parent]! <= 0) open.splice(at, 1);
  }
  return { traceId, spans };
}

/** OTLP/JSON in batches, one resourceSpans per service per batch. */
async function send(otlp: string, trace: { traceId: string; spans: SynthSpan[] }, epochUs: number) {
  const nanos = (us: number) => `${Math.round(epochUs + us)}000`;
  for (let from = 0; from < trace.spans.length; from += 2000) {
    const byService = new Map<number, SynthSpan[]>();
    for (const s of trace.spans.slice(from, from + 2000))
      byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
    const body = {
      resourceSpans: [...byService].map(([service, spans]) => ({
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: `svc-${String(service).padStart(2, "0")}` } },
          ],
        },
        scopeSpans: [
          {
            scope: { name: "opsdeck-bench" },
            spans: spans.map((s) => ({
              traceId: trace.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId,
              name: s.name,
              kind: 2,
              startTimeUnixNano: nanos(s.start),
              endTimeUnixNano: nanos(s.end),
              attributes: s.attributes,
              status: s.error ? { code: 2, message: "synthetic failure" } : {},
            })),
          },
        ],
      })),
    };
    const response = await fetch(`${otlp}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`OTLP export: HTTP ${response.status} ${await response.text()}`);
  }
}

async function waitForTrace(query: string, traceId: string, spans: number) {
  for (let i = 0; i < 300; i++) {
    const r = await fetch(`${query}/api/v3/traces/${traceId}`);
    if (r.ok) {
      const text = await r.text();
      const count = text.match(/"spanId"/g)?.length ?? 0;
      if (count >= spans) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`trace ${traceId} did not reach ${spans} spans in Jaeger`);
}

/** Jaeger's whole answer for a trace over HTTP (/api/v3): milliseconds and bytes, undecoded. */
async function overHttp(query: string, traceId: string): Promise<[number, number]> {
  const t = performance.now();
  const bytes = (await (await fetch(`${query}/api/v3/traces/${traceId}`)).arrayBuffer()).byteLength;
  return [performance.now() - t, bytes];
}

/** Jaeger's whole answer for a trace over gRPC (every streamed message in): milliseconds and bytes, undecoded. */
function overGrpc(client: Client, traceId: string): Promise<[number, number]> {
  const t = performance.now();
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const call = client.makeServerStreamRequest(
      GET_TRACE,
      getTraceRequest,
      (chunk: Buffer) => chunk,
      traceId,
      new Metadata(),
    );
    call.on("data", (chunk: Buffer) => (bytes += chunk.length));
    call.on("error", reject);
    call.on("end", () => resolve([performance.now() - t, bytes]));
  });
}

/**
 * The server's part of opening a trace, timed here in Node with the app's own code: Jaeger's answer over
 * gRPC decoded into spans, then the view built from them. Milliseconds each.
 */
async function openInNode(client: JaegerClient, traceId: string): Promise<[number, number]> {
  const t = performance.now();
  const decoded = await client.trace(traceId);
  const fetched = performance.now();
  buildTrace(traceId, decoded!.traces.get(traceId)!, decoded!.resources);
  return [fetched - t, performance.now() - fetched];
}

// Scrolls the waterfall at 2,000 px/s for 5 s (or to its end), returning the frame intervals. A string,
// so that the bundler's helpers (tsx adds __name to named functions) do not leak into the page.
const SCROLL = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="waterfall"]');
  const deltas = [];
  let last = 0;
  let started = 0;
  function step(now) {
    deltas.push(now - last);
    el.scrollTop += (2000 * (now - last)) / 1000;
    last = now;
    if (now - started < 5000 && el.scrollTop + el.clientHeight < el.scrollHeight - 1) requestAnimationFrame(step);
    else resolve(deltas.slice(1));
  }
  requestAnimationFrame((now) => {
    last = started = now;
    requestAnimationFrame(step);
  });
})`;

// Clicks the second row until the details panel shows the span's attributes: before hydration a click does
// nothing, and the attributes come with the span details. Resolves with the moment they show.
const OPEN_A_SPAN = `new Promise((resolve) => {
  function tick() {
    const details = document.querySelector('[data-testid="span-details"]');
    if (details && [...details.querySelectorAll("h3")].some((h) => h.textContent === "Attributes"))
      return resolve(performance.now());
    const row = document.querySelectorAll('[data-testid="waterfall"] [role="treeitem"]')[1];
    if (row && !details) row.click();
    setTimeout(tick, 10);
  }
  tick();
})`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), "opsdeck-bench-traces-"));
  const ports = {
    jaegerQuery: PORT,
    jaegerQueryGrpc: PORT + 1,
    jaegerOtlp: PORT + 2,
    jaegerHealth: PORT + 3,
  };
  const config = path.join(work, "jaeger.yaml");
  writeFileSync(config, jaegerConfig(ports as Parameters<typeof jaegerConfig>[0]));
  const binary = ensureJaeger((line) => say(line));
  const jaeger = spawn(binary, ["--config", config], { stdio: "ignore", detached: true });
  const query = `http://127.0.0.1:${ports.jaegerQuery}`;
  const grpcAddress = `127.0.0.1:${ports.jaegerQueryGrpc}`;
  const grpc = new Client(grpcAddress, credentials.createInsecure(), {
    "grpc.max_receive_message_length": -1,
  });
  const inNode = new JaegerClient({
    url: query,
    timeoutMs: 60_000,
    grpc: { address: grpcAddress, tls: false },
  });
  const otlp = `http://127.0.0.1:${ports.jaegerOtlp}`;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    await waitFor(`${query}/api/v3/services`);
    const epochUs = Date.now() * 1000 - 10 * 60_000_000;
    const ids = new Map<number, string[]>();
    for (const size of SIZES) {
      say(`sending ${RUNS} traces of ${size} spans to Jaeger`);
      const list: string[] = [];
      // One extra copy warms the app's code paths (and Chromium's) for this size before measuring.
      for (let copy = 0; copy <= RUNS; copy++) {
        const trace = synthesize(size, copy);
        await send(otlp, trace, epochUs);
        list.push(trace.traceId);
      }
      for (const id of list) await waitForTrace(query, id, size);
      ids.set(size, list);
    }
    app = await startApp(PORT + 10, path.join(work, "app"), {
      JAEGER_URL: query,
      JAEGER_GRPC_ADDRESS: grpcAddress,
    });
    const [name, value] = app.cookie.split("=") as [string, string];
    // The page's script policy forbids eval, which Playwright's string predicates use.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    await context.addCookies([{ name, value, url: app.app }]);
    // The moment the first row is in the document and not in a streamed boundary still hidden, seen from
    // inside the page (Playwright's polling would add its own delay); and every long task (over 50 ms).
    await context.addInitScript(`new MutationObserver((_, observer) => {
      const row = document.querySelector('[data-testid="waterfall"] [role="treeitem"]');
      if (row && !row.closest('[hidden]')) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });`);

    if (process.env.BENCH_KEEP) {
      say(
        `kept running: app ${app.app} cookie ${app.cookie} jaeger ${query} traces ${JSON.stringify([...ids])}`,
      );
      await new Promise(() => undefined);
    }
    const rows: string[] = [];
    for (const size of SIZES) {
      const ready: number[] = [];
      const interactive: number[] = [];
      const longestTask: number[] = [];
      const apiCalls: number[] = [];
      const prefetches: number[] = [];
      const detailsReady: number[] = [];
      const heap: number[] = [];
      const slowShare: number[] = [];
      const longest: number[] = [];
      const jaegerHttpMs: number[] = [];
      const jaegerGrpcMs: number[] = [];
      const firstByte: number[] = [];
      const againFirstRows: number[] = [];
      const againFirstByte: number[] = [];
      const firstPaint: number[] = [];
      const decodeMs: number[] = [];
      const buildMs: number[] = [];
      let bytes: [number, number] = [0, 0];
      const list = ids.get(size)!;
      for (let run = 0; run <= RUNS; run++) {
        const id = list[run]!;
        // Opened on a machine at rest: the last run's decoding in this process, and the garbage it left in
        // Jaeger, would otherwise share the two cores with this open.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const page = await context.newPage();
        const requests = { api: 0, prefetch: 0 };
        page.on("request", (request) => {
          const headers = request.headers();
          if (new URL(request.url()).pathname.startsWith("/api/traces/")) requests.api++;
          else if (headers["next-router-prefetch"] || headers["rsc"]) requests.prefetch++;
        });
        await page.goto(`${app.app}/traces/${id}`, { waitUntil: "commit" });
        await page.waitForFunction("window.__firstRowAt !== undefined", undefined, {
          timeout: 120_000,
          polling: 50,
        });
        const firstRowsAt = (await page.evaluate("window.__firstRowAt")) as number;
        const interactiveAt = (await page.evaluate(OPEN_A_SPAN)) as number;
        const tasks = (await page.evaluate("window.__longTasks")) as [number, number][];
        const longestAfterFirstRows = Math.max(
          0,
          ...tasks
            .filter(([start, duration]) => start + duration > firstRowsAt)
            .map(([, duration]) => duration),
        );
        // The span details follow in a second answer; heap and scrolling are measured once they are in.
        await page.waitForFunction(
          `performance.getEntriesByName("opsdeck:trace-details-loaded").length > 0`,
          undefined,
          { timeout: 120_000 },
        );
        const detailsAt = (await page.evaluate(
          `performance.getEntriesByName("opsdeck:trace-details-loaded")[0].startTime`,
        )) as number;
        if (process.env.BENCH_DEBUG)
          say(
            JSON.stringify(
              await page.evaluate(`(() => {
                const nav = performance.getEntriesByType("navigation")[0];
                const apis = performance.getEntriesByType("resource").filter((r) => r.name.includes("/api/traces/")); const api = apis[0];
                const mark = (n) => { const m = performance.getEntriesByName(n)[0]; return m && Math.round(m.startTime); }; return { apiRequests: apis.length, responseStart: Math.round(nav.responseStart), firstContentfulPaint: mark("first-contentful-paint"), firstRow: Math.round(window.__firstRowAt), responseEnd: Math.round(nav.responseEnd), domContentLoaded: Math.round(nav.domContentLoadedEventEnd), mounted: mark("opsdeck:trace-page-mounted"), apiStart: api && Math.round(api.startTime), apiEnd: api && Math.round(api.responseEnd), apiBytes: api && api.encodedBodySize, rendered: mark("opsdeck:trace-rendered"), now: Math.round(performance.now()), origin: Math.round(performance.timeOrigin) };
              })()`),
            ),
          );
        const [documentFirstByte, contentfulPaint] = (await page.evaluate(
          `[performance.getEntriesByType("navigation")[0].responseStart, performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN]`,
        )) as [number, number];
        // The floor under the first rows on this machine: the same trace opened again in a new tab while
        // the server still holds its view (VIEW_TTL_MS), so nothing waits on Jaeger, decoding or building.
        const again = await context.newPage();
        await again.goto(`${app.app}/traces/${id}`, { waitUntil: "commit" });
        await again.waitForFunction("window.__firstRowAt !== undefined", undefined, {
          timeout: 120_000,
          polling: 50,
        });
        const [againRowsAt, againByteAt] = (await again.evaluate(
          `[window.__firstRowAt, performance.getEntriesByType("navigation")[0].responseStart]`,
        )) as [number, number];
        await again.close();
        const cdp = await context.newCDPSession(page);
        await cdp.send("HeapProfiler.collectGarbage");
        const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
        const frames = (await page.evaluate(SCROLL)) as number[];
        const spanCount = await page.getByTestId("span-count").textContent();
        await page.close();
        if (Number(spanCount?.replace(/\D/g, "")) !== size)
          throw new Error(`the page shows ${spanCount} spans, not ${size}`);
        // Jaeger alone, then the app's server part alone, after the page: asking Jaeger just before the page
        // opens would leave it collecting that answer's garbage while it marshals the page's.
        const [httpTime, httpBytes] = await overHttp(query, id);
        const [grpcTime, grpcBytes] = await overGrpc(grpc, id);
        bytes = [httpBytes, grpcBytes];
        const [readMs, builtMs] = await openInNode(inNode, id);
        if (run === 0) continue; // the warm-up copy
        ready.push(firstRowsAt);
        firstByte.push(documentFirstByte);
        againFirstRows.push(againRowsAt);
        againFirstByte.push(againByteAt);
        firstPaint.push(contentfulPaint);
        decodeMs.push(readMs);
        buildMs.push(builtMs);
        interactive.push(interactiveAt);
        longestTask.push(longestAfterFirstRows);
        apiCalls.push(requests.api);
        prefetches.push(requests.prefetch);
        detailsReady.push(detailsAt);
        heap.push(usedSize / 1024 / 1024);
        slowShare.push((frames.filter((f) => f > 20).length / Math.max(frames.length, 1)) * 100);
        longest.push(Math.max(...frames));
        jaegerHttpMs.push(httpTime);
        jaegerGrpcMs.push(grpcTime);
      }
      rows.push(
        [
          String(size),
          range(ready),
          range(firstByte),
          range(firstPaint),
          `${range(againFirstRows)} / ${range(againFirstByte)}`,
          range(interactive),
          range(longestTask),
          range(detailsReady),
          range(jaegerHttpMs),
          range(jaegerGrpcMs),
          range(decodeMs),
          range(buildMs),
          bytes.map((b) => (b / 1024 / 1024).toFixed(1)).join(" / "),
          range(apiCalls),
          range(prefetches),
          range(heap, 1),
          range(slowShare, 1),
          range(longest),
        ]
          .map((cell) => `| ${cell} `)
          .join("") + "|",
      );
      say(rows.at(-1)!); // as each size ends, so a long run shows its numbers as it goes
    }
    console.log(`\nTrace view benchmark: median (range) over ${RUNS} runs, headless Chromium, 1400×900\n`);
    const headings = [
      "spans",
      "first rows ms",
      "document first byte ms",
      "first paint ms",
      "again: first rows / first byte ms",
      "interactive ms",
      "longest task after first rows ms",
      "span details ms",
      "Jaeger HTTP ms",
      "Jaeger gRPC ms",
      "read + decode ms",
      "build ms",
      "HTTP / gRPC MB",
      "API calls",
      "prefetches",
      "JS heap MB",
      "frames >20ms %",
      "longest frame ms",
    ];
    console.log(headings.map((h) => `| ${h} `).join("") + "|");
    console.log(headings.map(() => "| --- ").join("") + "|");
    for (const row of rows) console.log(row);
    console.log(
      "\nfirst rows: navigation start to the waterfall's first row in the document, outside any hidden streamed boundary.",
    );
    console.log(
      "document first byte, first paint: navigation start to the page's first byte (the server has the session, and the trace if it opened within 500 ms) and to its first contentful paint.",
    );
    console.log(
      "again: the same trace opened again in a new tab while the server holds its view: the floor the browser and the page set on this machine, with no upstream, decoding or building to wait for.",
    );
    console.log(
      "interactive: navigation start to a click on a span opening its details with their attributes (hydrated, details loaded).",
    );
    console.log(
      "longest task: the longest main-thread task (over 50 ms; 0 when none) ending between the first rows and interactive.",
    );
    console.log(
      "span details: navigation start to the spans' attributes loaded (the second answer), for opening spans and finding by attribute.",
    );
    console.log(
      "API calls: requests to /api/traces/ while opening (the view, if not sent with the page, and the details); prefetches: Next.js route prefetches.",
    );
    console.log(
      "Jaeger HTTP / gRPC: the whole trace straight from Jaeger (GET /api/v3/traces/{id}, OTLP JSON; GetTrace, OTLP protobuf, every chunk in), undecoded, the same trace one after the other: the part of the above the app cannot change. The app reads over gRPC.",
    );
    console.log(
      "read + decode, build: the server's part of opening, timed in this process with the app's code: the trace over gRPC decoded into spans, then its view built.",
    );
    console.log(
      "JS heap: after a forced GC, with the waterfall open. Frames: 5 s (or to the end) of scrolling at 2,000 px/s.",
    );
  } finally {
    await browser.close();
    grpc.close();
    inNode.close();
    if (app) await stop(app.child);
    await stop(jaeger);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
