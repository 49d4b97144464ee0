// Test helpers: API contexts signed in as a role, and per-test users created through the admin API.
import { randomBytes } from "node:crypto";
import { request, type APIRequestContext } from "@playwright/test";
import { APP_A, storageStateFor, type RoleName } from "./instances";

/**
 * The header a client that is not a browser sends so that the API takes its changes: the app's own
 * origin (lib/http/same-origin.ts refuses changes from anywhere else).
 */
export function sameOrigin(baseURL = APP_A.url) {
  return { Origin: new URL(baseURL).origin };
}

export async function apiAs(role: RoleName | "anonymous", baseURL = APP_A.url): Promise<APIRequestContext> {
  return request.newContext({
    baseURL,
    storageState: role === "anonymous" ? undefined : storageStateFor(role),
    extraHTTPHeaders: sameOrigin(baseURL),
  });
}

export function uniqueEmail(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}@example.com`;
}

/** Invites a user as the e2e admin and sets their password through the invitation link. */
export async function createUserWithPassword(role: RoleName, password: string) {
  const admin = await apiAs("admin");
  const email = uniqueEmail(role);
  const invite = await admin.post("/api/users", { data: { email, role, name: `Test ${role}` } });
  if (invite.status() !== 201) throw new Error(`invite failed: ${invite.status()} ${await invite.text()}`);
  const { user, passwordLink } = (await invite.json()) as {
    user: { id: string };
    passwordLink: { url: string };
  };
  const token = passwordLink.url.split("/invite/")[1]!;
  const anonymous = await apiAs("anonymous");
  const accepted = await anonymous.post("/api/invitations/accept", { data: { token, password } });
  if (!accepted.ok()) throw new Error(`accept failed: ${accepted.status()} ${await accepted.text()}`);
  await admin.dispose();
  await anonymous.dispose();
  return { id: user.id, email };
}

/** URLs of the stack started by the global setup (fleet fault knobs, Prometheus, Alertmanager). */
export function stackUrls(): {
  prometheus: string;
  alertmanager: string;
  sink: string;
  fleet: Record<string, string>;
} {
  return JSON.parse(process.env.E2E_STACK_URLS!) as ReturnType<typeof stackUrls>;
}

/** Turns a demo service's fault knobs, for its stable, its canary (the demo rollouts'), or both. */
export async function setFault(
  service: string,
  faults: { errorRate?: number; latencyMs?: number; revision?: "stable" | "canary" | "all" },
) {
  const response = await fetch(`${stackUrls().fleet[service]}/admin/faults`, {
    method: "PUT",
    body: JSON.stringify(faults),
    headers: { "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`fault on ${service}: ${response.status}`);
}
