import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { requestContext } from "@/lib/auth/request-context";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { env, oidcEnabled } from "@/lib/config/env";

export const metadata: Metadata = { title: "Sign in" };

/** Messages for the error codes next-auth and our SSO callback put in the URL; anything else is generic. */
const ERRORS: Record<string, string> = {
  sso_no_role:
    "Your account has no Opsdeck role. Ask an administrator to grant one at your identity provider.",
  sso_no_email: "Your identity provider did not share an email address, which Opsdeck needs.",
  sso_unverified_email:
    "Your identity provider has not verified your email address, which Opsdeck needs before it lets you in.",
  sso_account_exists:
    "An Opsdeck account with this email exists and signs in with a password. Sign in with your password; single sign-on does not take over existing accounts.",
  sso_disabled: "This account is disabled. Ask an administrator to enable it.",
  sso_failed: "Single sign-on failed because of a server error. Try again.",
  OAuthSignin: "Could not start single sign-on. The identity provider may be unreachable.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  AccessDenied: "You are not allowed to sign in.",
  SessionRequired: "Sign in to continue.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const base = env().NEXTAUTH_URL ?? "http://localhost";
  const callbackPath = safeCallbackPath(one("callbackUrl"), base, "/");

  const ctx = await requestContext();
  if (ctx.actor) redirect(callbackPath);

  const code = one("error");
  const notice = one("signedOut")
    ? "You are signed out."
    : one("expired")
      ? "Your session ended. Sign in again."
      : one("passwordSet")
        ? "Your password is set. Sign in with it."
        : undefined;
  const config = env();
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold tracking-tight">
          {/* eslint-disable-next-line @next/next/no-img-element -- static logo */}
          <img src="/icon.svg" alt="" className="size-7" />
          Opsdeck
        </div>
        <SignInForm
          callbackPath={callbackPath}
          initialError={code ? (ERRORS[code] ?? "Sign-in failed. Try again.") : undefined}
          notice={notice}
          sso={oidcEnabled(config) ? { name: config.OIDC_DISPLAY_NAME } : null}
        />
      </div>
    </main>
  );
}
