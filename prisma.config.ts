// Used by the Prisma CLI only (`prisma generate`, and `prisma migrate` where its engine is installed).
// The app itself connects through lib/db/client.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/opsdeck" },
});
