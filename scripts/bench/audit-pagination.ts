// Benchmark: the Audit page's queries on a large audit log (default 2,000,000 entries).
//   npm run bench:audit -- [--rows 2000000] [--runs 30]
// Prints p50/p95 of keyset pages (what the app does) beside OFFSET pages (the usual alternative) at
// several depths and filters, measured in one run on one database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "2000000" }, runs: { type: "string", default: "30" } },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "opsdeck-bench-audit-"));
  const server = await startEmbeddedPostgres({ dataDir: dir, port: 54490 });
  process.env.DATABASE_URL = server.url;
  try {
    await migrate(server.url);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const started = performance.now();
    // 200 actors, 40 actions, one entry a second backwards from now. Hashes are placeholders: this
    // measures reads, not the chain.
    await client.query(`
      insert into audit_log (at, actor_id, actor_email, actor_role, auth_method, action, target_type, target_id, params, result, request_id, ip, prev_hash, hash)
      select now() - (${ROWS} - g) * interval '1 second',
             null, 'user' || (g % 200) || '@example.com', 'operator', 'credentials',
             'area' || (g % 8) || '.verb' || (g % 5), 'user', (g % 5000)::text, jsonb_build_object('n', g),
             (case when g % 50 = 0 then 'denied' else 'success' end)::audit_result, md5(g::text), '10.0.0.1',
             md5((g - 1)::text), md5(g::text) || md5((-g)::text)
      from generate_series(1, ${ROWS}) g`);
    await client.query("analyze audit_log");
    console.log(
      `seeded ${ROWS.toLocaleString()} entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const { listAuditEntries } = await import("../../lib/services/audit");
    const ctx = {
      actor: {
        userId: null,
        email: "bench",
        name: null,
        role: "admin" as const,
        authMethod: "cli" as const,
        sessionId: null,
      },
      requestId: "bench",
      ip: null,
      userAgent: null,
    };
    const deep = String(Math.floor(ROWS * 0.1));
    await listAuditEntries(ctx, {}); // connect and warm up before measuring
    const timeKeyset = async (filter: Record<string, string>) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await listAuditEntries(ctx, filter);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    const timeOffset = async (where: string, offset: number) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await client.query(`select * from audit_log ${where} order by seq desc limit 51 offset ${offset}`);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    const cases: [string, Record<string, string>, string, number][] = [
      ["newest page, no filter", {}, "", 0],
      [
        `page at depth ${Number(deep).toLocaleString()}, no filter`,
        { before: String(ROWS - Number(deep)) },
        "",
        Number(deep),
      ],
      [
        "actor filter, newest page",
        { actor: "user7@example.com" },
        "where actor_email = 'user7@example.com'",
        0,
      ],
      [
        "actor filter, page 200",
        { actor: "user7@example.com", before: String(ROWS - 200 * 50 * 200) },
        "where actor_email = 'user7@example.com'",
        200 * 50,
      ],
      ["action filter, newest page", { action: "area3.verb3" }, "where action = 'area3.verb3'", 0],
      ["last 24 hours, newest page", { from: dayAgo }, `where at >= '${dayAgo}'`, 0],
      ["denied only (2%), newest page", { result: "denied" }, "where result = 'denied'", 0],
      ["failed only (none), newest page", { result: "failed" }, "where result = 'failed'", 0],
    ];
    console.log(
      `\n${"query".padEnd(44)} ${"keyset p50".padStart(11)} ${"p95".padStart(8)}   ${"OFFSET p50".padStart(11)} ${"p95".padStart(8)}   ratio p95`,
    );
    for (const [name, filter, where, offset] of cases) {
      const k = await timeKeyset(filter);
      const o = await timeOffset(where, offset);
      const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(8);
      console.log(
        `${name.padEnd(44)} ${fmt(percentile(k, 50)).padStart(11)} ${fmt(percentile(k, 95))}   ${fmt(percentile(o, 50)).padStart(11)} ${fmt(percentile(o, 95))}   ${(percentile(o, 95) / percentile(k, 95)).toFixed(1)}x`,
      );
    }
    await client.end();
  } finally {
    const { disconnect } = await import("../../lib/db/client");
    await disconnect();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
