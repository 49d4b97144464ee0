// The fuzz stage: Schemathesis drives every operation of /api/openapi.json (built from the declarations
// next to each handler) against the production build, with the real database and upstream stack of the
// end-to-end run, anonymously and signed in as each role. Each role's run fails on any 5xx answer, a status
// or content type the description does not list, or an error body that is not the standard one. Each caller
// is given the operations it may call; the role matrix (e2e/api/role-matrix.spec.ts) checks the others.
// FUZZ_MAX_EXAMPLES sets how many cases each operation gets (a bounded run in `npm test`, a longer one with
// `npm run test:fuzz`); FUZZ_SEED replays a run.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, request, test } from "@playwright/test";
import { can } from "@/lib/auth/permissions";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { Access } from "@/lib/http/operation";
import { ROOT, TSX } from "../support/app-process";
import { apiAs, sameOrigin, uniqueEmail } from "../support/fixtures";
import { APP_A, AUDIT_CHAIN_KEY } from "../support/instances";
import { ensureSchemathesis } from "./schemathesis";

const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 5);
const SEED = process.env.FUZZ_SEED;
const REPORTS = path.join(ROOT, "test-results", "fuzz");
const PASSWORD = "fuzz stage password that is long";

const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
];

type Described = {
  operationId: string;
  "x-opsdeck-access": Access;
  responses: Record<string, { content?: object }>;
};
type Description = { paths: Record<string, Record<string, Described>> };

let described: Promise<{ file: string; operations: Described[] }> | undefined;

/** The API description as the app serves it, saved for Schemathesis. */
function description() {
  described ??= (async () => {
    const admin = await apiAs("admin");
    const response = await admin.get("/api/openapi.json");
    expect(response.status(), "the API description").toBe(200);
    const document = (await response.json()) as Description;
    await admin.dispose();
    mkdirSync(REPORTS, { recursive: true });
    const file = path.join(REPORTS, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    return { file, operations: Object.values(document.paths).flatMap((methods) => Object.values(methods)) };
  })();
  return described;
}

/**
 * The operations a run leaves out: those the caller is refused (the role matrix checks the refusals; the
 * fuzzer would only meet 401 or 403), and the event streams, which stay open once let in (their
 * parameters are the same schemas as the reads beside them, which are fuzzed).
 */
function leftOut(operations: Described[], role: Role | "anonymous"): string[] {
  const allowed = (access: Access) =>
    access === "public" ||
    (role === "anonymous"
      ? access === "token"
      : access === "authenticated" || (access !== "token" && can(role, access)));
  const stream = (op: Described) =>
    Object.values(op.responses).some((r) => "text/event-stream" in (r.content ?? {}));
  return operations
    .filter((op) => stream(op) || !allowed(op["x-opsdeck-access"]))
    .map((op) => op.operationId);
}

/**
 * A user of its own with a session, so that nothing the fuzzer does touches the other specs' users. Made
 * with the CLI, as the global setup makes the others: the invitation links of the API are rate-limited
 * per client address, and the fuzzer spends that budget on made-up links.
 */
async function fuzzUser(role: Role): Promise<{ email: string; cookie: string }> {
  const email = uniqueEmail(`fuzz-${role}`);
  const created = spawnSync(
    TSX,
    ["scripts/opsdeck.ts", "user:create", "--email", email, "--role", role, "--password-stdin"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, AUDIT_CHAIN_KEY },
      input: PASSWORD,
      encoding: "utf8",
    },
  );
  expect(created.status, `user:create ${email}: ${created.stderr}`).toBe(0);
  const client = await request.newContext({ baseURL: APP_A.url, extraHTTPHeaders: sameOrigin() });
  const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedIn = await client.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: PASSWORD, json: "true" },
  });
  expect(signedIn.ok(), `sign-in as the fuzz stage's ${role}`).toBe(true);
  const { cookies } = await client.storageState();
  await client.dispose();
  const session = cookies.find((c) => c.name === "next-auth.session-token");
  expect(session, `a session cookie for the fuzz stage's ${role}`).toBeDefined();
  return { email, cookie: `${session!.name}=${session!.value}` };
}

/**
 * Expires the silences the fuzz user made, which the other specs' alerts share the Alertmanager with (a
 * generated regex matcher can match their alerts).
 */
async function expireSilencesOf(email: string) {
  const admin = await apiAs("admin");
  const { silences } = (await (await admin.get("/api/silences")).json()) as {
    silences: { id: string; state: string; createdBy: string }[];
  };
  for (const silence of silences.filter((s) => s.createdBy === email && s.state !== "expired")) {
    const response = await admin.delete(`/api/silences/${silence.id}`);
    expect(response.ok(), `expire the fuzz stage's silence ${silence.id}`).toBe(true);
  }
  await admin.dispose();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // In the reports' folder: Schemathesis keeps its examples database in its working directory.
    const child = spawn(command, args, { cwd: REPORTS, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

for (const role of ["anonymous", ...ROLES] as const) {
  test(`every operation as ${role}: no 5xx, and answers as described`, async () => {
    test.setTimeout(15 * 60_000);
    const st = ensureSchemathesis();
    const { file, operations } = await description();
    const headers = [`Origin: ${new URL(APP_A.url).origin}`];
    const user = role === "anonymous" ? null : await fuzzUser(role);
    if (user) headers.push(`Cookie: ${user.cookie}`);
    const started = Date.now();
    const { code, output } = await run(
      st,
      [
        "run",
        file,
        "--url",
        APP_A.url,
        ...headers.flatMap((header) => ["--header", header]),
        "--checks",
        CHECKS.join(","),
        "--max-examples",
        String(MAX_EXAMPLES),
        ...(SEED ? ["--seed", SEED] : []),
        ...leftOut(operations, role).flatMap((id) => ["--exclude-operation-id", id]),
        // Redirects are answers of their own (next-auth's), checked against the description as they come.
        // The stateful phase follows few of the links it infers: the description has no success bodies
        // for it to take ids from (a 405 for a method a route does not serve has its error body now).
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-redirects",
        "0",
        // One worker: Hypothesis parses lambdas' sources while it describes strategies, and Python
        // 3.11.7's AST parser is not thread-safe (CPython gh-106905, fixed in 3.11.8); with two, a run
        // failed with "AST constructor recursion depth mismatch", a fault of the tool, not of the API.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        path.join(REPORTS, `${role}.xml`),
      ],
      {
        ...process.env,
        PYTHONPATH: import.meta.dirname,
        SCHEMATHESIS_HOOKS: "hooks",
      },
    );
    if (user) await expireSilencesOf(user.email);
    await test.info().attach(`schemathesis as ${role}`, { body: output, contentType: "text/plain" });
    // Its closing summary (operations, cases generated, failures, seed), without the progress lines,
    // and without its last line: framed in "=" like pytest's closing line, it reads to CI as a pytest
    // run that executed no test.
    const summary = output
      .split("\n")
      .filter(
        (line) => line.trim() && !/[\u{1F550}-\u{1F567}]/u.test(line) && !/^=+ .* =+$/.test(line.trim()),
      )
      .slice(-11);
    console.log(`[fuzz ${role}] ${((Date.now() - started) / 1000).toFixed(0)} s\n${summary.join("\n")}`);
    expect(code, output.slice(-20_000)).toBe(0);
  });
}
