// Service contexts for integration tests: real users in the test's database, signed in as each role.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/services/context";
import { uniqueEmail } from "./db";

export async function contextFor(role: Role, overrides: { email?: string } = {}): Promise<ServiceContext> {
  const user = await db().user.create({
    data: { email: overrides.email ?? uniqueEmail(role), role, status: "active" },
  });
  return {
    actor: {
      userId: user.id,
      email: user.email,
      name: null,
      role,
      authMethod: "credentials",
      sessionId: null,
    },
    requestId: randomUUID(),
    ip: "127.0.0.1",
    userAgent: "vitest",
  };
}
