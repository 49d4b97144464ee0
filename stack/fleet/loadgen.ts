// A steady, modest load on the demo fleet's front door (LOADGEN_TARGET), LOADGEN_RPS requests a second,
// mixed like a shop's traffic. GET/PUT /admin/rate changes the rate while running.
import { createServer } from "node:http";

const target = process.env.LOADGEN_TARGET!;
const port = Number(process.env.LOADGEN_PORT);
let rps = Number(process.env.LOADGEN_RPS ?? 5);
const counts = { sent: 0, ok: 0, failed: 0 };

function pick() {
  const r = Math.random();
  if (r < 0.5) return { method: "GET", path: "/" };
  if (r < 0.8) return { method: "GET", path: `/product/${Math.floor(Math.random() * 1000)}` };
  return { method: "POST", path: "/checkout" };
}

async function fire() {
  const { method, path } = pick();
  counts.sent++;
  try {
    const response = await fetch(`${target}${path}`, {
      method,
      body: method === "POST" ? "{}" : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    if (response.ok) counts.ok++;
    else counts.failed++;
  } catch {
    counts.failed++;
  }
}

function loop() {
  if (rps > 0) void fire();
  setTimeout(loop, rps > 0 ? 1000 / rps : 500);
}
loop();

createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.url === "/healthz") return send(200, { status: "ok", rps, ...counts });
  if (req.url === "/admin/rate" && req.method === "PUT") {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const next = Number((JSON.parse(body || "{}") as { rps?: unknown }).rps);
      if (!Number.isFinite(next) || next < 0 || next > 200)
        return send(422, { error: "rps is a number from 0 to 200" });
      rps = next;
      send(200, { rps });
    });
    return;
  }
  send(404, { error: "not found" });
}).listen(port, "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
