// What next-auth reads from a request and answers with a 500 when it is malformed, checked before it runs
// (found by the fuzz stage): a callbackUrl, in the query or its cookie, that its own test finds is not an
// address (it reports that as a server misconfiguration); an error code, which it copies unencoded into a
// Location header that Node.js then refuses; and a GET of the password callback, which it serves by POST only.
import type { NextRequest } from "next/server";
import { z } from "zod";
import { BadRequestError, MethodNotAllowedError } from "@/lib/errors";
import { parseInput } from "@/lib/services/context";
import { text } from "@/lib/validation/text";

/** next-auth's test of a callback URL (assertConfig): a path, or an absolute http(s) URL. */
function isCallbackUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

/** The query next-auth's routes read (`code` and `state` come back from the identity provider). */
export const nextAuthQuery = z.object({
  callbackUrl: text().refine(isCallbackUrl, "Use an address on this site, such as /incidents.").optional(),
  error: text()
    .regex(/^\w{0,64}$/, "Not a sign-in error code.")
    .optional(),
  code: text().optional(),
  state: text().optional(),
});

const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** Throws the 4xx for a request next-auth would answer with a 500; `action` is the path after /api/auth/. */
export function checkNextAuthRequest(request: NextRequest, action: string[]): void {
  if (request.method === "GET" && action.join("/") === "callback/credentials")
    throw new MethodNotAllowedError(["POST"], "Sign in by sending the sign-in form with POST.");
  parseInput(nextAuthQuery, Object.fromEntries(request.nextUrl.searchParams));
  for (const name of CALLBACK_URL_COOKIES) {
    const value = request.cookies.get(name)?.value;
    if (value !== undefined && !isCallbackUrl(value))
      throw new BadRequestError(`The cookie ${name} does not hold an address: delete it and sign in again.`);
  }
}
