// next-auth configuration: local accounts (Credentials) and one generic OIDC provider, JWT cookies that
// carry only a server-side session id (revocable; see AuthSession in prisma/schema.prisma).
import { headers } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, oidcEnabled } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { signInWithOidc, signInWithPassword, signOut, SsoRefusedError } from "@/lib/services/auth/sign-in";
import { anonymousContext } from "@/lib/services/context";
import { safeCallbackPath } from "./redirect";
import { requestMeta } from "./request-meta";

export const OIDC_PROVIDER_ID = "oidc";

type SignedInUser = { id: string; email: string; name: string | null; sessionId?: string };

async function currentContext() {
  return anonymousContext(requestMeta(await headers()));
}

function oidcProvider(): OAuthConfig<Record<string, unknown>> {
  const config = env();
  const issuer = config.OIDC_ISSUER!.replace(/\/$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: config.OIDC_DISPLAY_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    profile: (claims) => ({
      id: String(claims.sub),
      email: typeof claims.email === "string" ? claims.email : null,
      name: typeof claims.name === "string" ? claims.name : null,
    }),
  };
}

export function authOptions(): NextAuthOptions {
  const config = env();
  const maxAge = config.SESSION_MAX_AGE_HOURS * 3600;
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          try {
            const signedIn = await signInWithPassword(await currentContext(), credentials);
            return {
              id: signedIn.userId,
              email: signedIn.email,
              name: signedIn.name,
              sessionId: signedIn.sessionId,
            } satisfies SignedInUser;
          } catch (error) {
            // next-auth shows a thrown error's message to the user; only ours are meant for people.
            if (error instanceof AppError) throw new Error(error.message);
            logger.error({ err: error }, "sign-in failed");
            throw new Error("Sign-in failed because of a server error. Try again.");
          }
        },
      }),
      ...(oidcEnabled(config) ? [oidcProvider()] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        try {
          const signedIn = await signInWithOidc(await currentContext(), {
            issuer: config.OIDC_ISSUER!.replace(/\/$/, ""),
            subject: account.providerAccountId,
            email: user.email ?? null,
            name: user.name ?? null,
            claims: (profile ?? {}) as Record<string, unknown>,
          });
          // next-auth hands this same object to the jwt callback below.
          Object.assign(user, { id: signedIn.userId, sessionId: signedIn.sessionId });
          return true;
        } catch (error) {
          // Only codes go in the URL; the sign-in page maps them to text, so links cannot inject messages.
          if (error instanceof SsoRefusedError) return `/signin?error=sso_${error.reason}`;
          logger.error({ err: error }, "SSO sign-in failed");
          return "/signin?error=sso_failed";
        }
      },
      async jwt({ token, user }) {
        // Only at sign-in is `user` present; the token then carries just the ids.
        if (user) {
          const u = user as SignedInUser;
          if (!u.sessionId) throw new Error("sign-in produced no session");
          return { sub: u.id, sid: u.sessionId };
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { id: token.sub, sessionId: token.sid } } as typeof session;
      },
      async redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await signOut(await currentContext(), token.sid);
      },
    },
  };
}
