// Cross-site request forgery: a change through the API must come from one of the app's own pages. A
// browser says where a request comes from in `Origin` (sent with every POST, PUT, PATCH and DELETE by
// current browsers) and `Sec-Fetch-Site`; another site's page can make the browser send the session
// cookie, but not lie in these headers. Beside SameSite cookies and JSON-only bodies, this is the third
// guard. Clients that are not browsers (scripts, tests) send `Origin` with the app's own origin.
import { env } from "@/lib/config/env";
import { CrossOriginError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** `none`: the user typed it or used a bookmark; `same-origin`: one of the app's pages. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

/** The app's origin (NEXTAUTH_URL, else the URL the request came to) and TRUSTED_ORIGINS. */
export function appOrigins(requestUrl: string): string[] {
  const config = env();
  return [new URL(config.NEXTAUTH_URL ?? requestUrl).origin, ...config.TRUSTED_ORIGINS];
}

/**
 * Null when the request may go on; otherwise why not. Reads are not checked (they change nothing and
 * their answers are not readable cross-origin). With `Origin`, it must be one of the app's; without it,
 * `Sec-Fetch-Site` must say the request did not come from another site.
 */
export function crossOriginRefusal(
  method: string,
  headers: Headers,
  origins: readonly string[],
): CrossOriginError | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get("origin");
  if (origin !== null) {
    return origins.includes(origin)
      ? null
      : new CrossOriginError(`Changes are accepted only from Opsdeck's own pages, not from ${origin}.`);
  }
  const site = headers.get("sec-fetch-site");
  if (site !== null && OWN_FETCH_SITES.has(site)) return null;
  return new CrossOriginError(
    site === null
      ? "Changes are accepted only from Opsdeck's own pages: send an Origin header with Opsdeck's address."
      : `Changes are accepted only from Opsdeck's own pages, not from a ${site} page.`,
  );
}
