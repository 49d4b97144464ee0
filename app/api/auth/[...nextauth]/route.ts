import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { checkNextAuthRequest, nextAuthQuery } from "@/lib/auth/next-auth-input";
import { authOptions, OIDC_PROVIDER_ID } from "@/lib/auth/next-auth";
import { requestMeta } from "@/lib/auth/request-meta";
import { documented } from "@/lib/http/operation";
import { errorResponse } from "@/lib/http/respond";
import { text } from "@/lib/validation/text";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  try {
    checkNextAuthRequest(request, (await context.params).nextauth);
  } catch (error) {
    return errorResponse(error, requestMeta(request.headers).requestId);
  }
  return NextAuth(request as never, context as never, authOptions());
}

// next-auth's own endpoints (https://next-auth.js.org/getting-started/rest-api), with the names it reads.
export const GET = documented(
  {
    summary: "next-auth: session, CSRF token, providers, sign-in and sign-out pages, the SSO callback",
    access: "public",
    paths: ["session", "csrf", "providers", "signin", "signout", "error", `callback/${OIDC_PROVIDER_ID}`].map(
      (p) => `/api/auth/${p}`,
    ),
    query: nextAuthQuery,
    success: [
      { contentType: ["application/json", "text/html"], description: "JSON, or next-auth's sign-out page." },
      { status: 302, description: "To a page: sign-in, an error, or where to go after SSO." },
    ],
  },
  handler,
);

export const POST = documented(
  {
    summary: "next-auth: sign in with a password or SSO, sign out (each needs the CSRF token)",
    access: "public",
    paths: ["callback/credentials", `signin/${OIDC_PROVIDER_ID}`, "signout"].map((p) => `/api/auth/${p}`),
    query: nextAuthQuery,
    bodyType: "application/x-www-form-urlencoded",
    body: z.object({
      csrfToken: text().optional(),
      email: text().optional(),
      password: text().optional(),
      callbackUrl: text().optional(),
      json: z.enum(["true"]).optional(),
    }),
    success: [
      { description: "With json=true: the address to go to." },
      { status: 302, description: "To the address to go to." },
    ],
  },
  handler,
);
