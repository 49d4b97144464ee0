// A real OpenID Connect identity provider for the SSO tests (panva's oidc-provider, certified), with its
// development login form: any login name signs in, and the groups claim comes from the table below.
import Provider from "oidc-provider";
import { APP_A, APP_B } from "./instances";

export const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 3320);
export const IDP_ISSUER = `http://localhost:${IDP_PORT}`;
export const IDP_CLIENT = { id: "opsdeck", secret: "opsdeck-e2e-client-secret" };

/**
 * Login name → groups claim. OIDC_ROLE_MAP in global-setup maps sre → operator, oncall → responder. A
 * login name that is an email address signs in with that email (groups: sre), verified unless the name
 * starts with `unverified:`: an identity provider account someone made with another person's email.
 */
export const IDP_GROUPS: Record<string, string[]> = {
  "sso-sre": ["sre", "everyone"],
  "sso-oncall": ["oncall"],
  "sso-marketing": ["marketing"],
};

export async function startIdentityProvider() {
  const provider = new Provider(IDP_ISSUER, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [`${APP_A.url}/api/auth/callback/oidc`, `${APP_B.url}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          const email = id.replace(/^unverified:/, "");
          return {
            sub: id,
            email: email.includes("@") ? email : `${id}@sso.example.com`,
            email_verified: !id.startsWith("unverified:"),
            name: `SSO ${id}`,
            groups: IDP_GROUPS[id] ?? (email.includes("@") ? ["sre"] : []),
          };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["opsdeck-e2e-idp-cookie-key"] },
  });
  const server = provider.listen(IDP_PORT);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
