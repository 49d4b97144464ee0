// The stack's default Alertmanager receiver: records every webhook it gets, so tests can see what
// Alertmanager delivered (GET /received, DELETE /received to clear).
import { createServer } from "node:http";

const port = Number(process.env.SINK_PORT);
const received: { at: string; path: string; body: unknown }[] = [];

createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.url === "/healthz") return send(200, { status: "ok" });
  if (req.url === "/received" && req.method === "GET") return send(200, received);
  if (req.url === "/received" && req.method === "DELETE") {
    received.length = 0;
    return send(204, {});
  }
  if (req.method === "POST") {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      try {
        received.push({ at: new Date().toISOString(), path: req.url ?? "/", body: JSON.parse(body) });
        if (received.length > 1000) received.shift();
        send(200, { ok: true });
      } catch {
        send(400, { error: "not JSON" });
      }
    });
    return;
  }
  send(404, { error: "not found" });
}).listen(port, "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
