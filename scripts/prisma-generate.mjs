// Runs `prisma generate` without network access. The CLI insists on downloading its schema engine
// before generating, although generate never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// executable skips the download (see docs/adr/0003-migrations-without-the-schema-engine.md).
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
