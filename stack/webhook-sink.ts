// The stack's default Alertmanager receiver: records every webhook it gets, so tests can see what
// Alertmanager delivered (GET /received, DELETE /received to clear). Without an Opsdeck, it also serves
// the demo canary's Flagger gates (flagger-gates.ts): Flagger POSTs to /flagger/<gate> and gets 200 when
// the gate is open, 403 when closed; PUT or DELETE /flagger/gates/<namespace>/<canary>/<gate> opens or
// closes one, GET /flagger/gates lists the open ones.
import { createServer } from "node:http";
import { FlaggerGates, isFlaggerGate, type FlaggerHookPayload } from "./flagger-gates";

const port = Number(process.env.SINK_PORT);
const received: { at: string; path: string; body: unknown }[] = [];
const gates = new FlaggerGates();

createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const url = req.url ?? "/";
  if (url === "/healthz") return send(200, { status: "ok" });
  if (url === "/received" && req.method === "GET") return send(200, received);
  if (url === "/received" && req.method === "DELETE") {
    received.length = 0;
    return send(204, {});
  }
  if (url === "/flagger/gates" && req.method === "GET") return send(200, gates.list());
  const control = /^\/flagger\/gates\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
  if (control && (req.method === "PUT" || req.method === "DELETE")) {
    const [, namespace, name, gate] = control.map(decodeURIComponent) as [string, string, string, string];
    if (!isFlaggerGate(gate)) return send(404, { error: `no gate ${gate}` });
    if (req.method === "PUT") gates.open(namespace, name, gate);
    else gates.close(namespace, name, gate);
    return send(200, gates.list());
  }
  if (req.method === "POST") {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(400, { error: "not JSON" });
      }
      received.push({ at: new Date().toISOString(), path: url, body: parsed });
      if (received.length > 1000) received.shift();
      const hook = /^\/flagger\/([^/]+)$/.exec(url)?.[1];
      if (hook === undefined) return send(200, { ok: true });
      if (!isFlaggerGate(hook)) return send(404, { error: `no gate ${hook}` });
      // Flagger reads any answer above 202 as "closed" (and, for rollback, "do not roll back").
      const open = gates.answer(hook, parsed as FlaggerHookPayload);
      send(open ? 200 : 403, { gate: hook, open });
    });
    return;
  }
  send(404, { error: "not found" });
}).listen(port, "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
