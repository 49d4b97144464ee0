// The Content-Security-Policy of every page, with a nonce per request (set by proxy.ts): only scripts that
// carry this response's nonce run, and what they load (`'strict-dynamic'`), so injected markup cannot
// run script even if it got past React's escaping and the Markdown sanitiser. Next.js puts the nonce on
// its own scripts when it finds it in the request's CSP header; next-themes gets it from the layout.

/** The request header proxy.ts hands the nonce to the app in (the layout passes it to next-themes). */
export const NONCE_HEADER = "x-nonce";

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(options: {
  nonce: string;
  /** `next dev` needs eval for React's debugging aids; production never does. */
  development: boolean;
  /** Where Markdown may load images from besides this origin (MARKDOWN_IMAGE_ORIGINS). */
  imageOrigins: readonly string[];
  /** Served over https: upgrade any http subresource. */
  https: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Style attributes come from libraries (charts, virtual lists, Radix) and cannot carry a nonce; styles
    // cannot run script, and user Markdown never reaches them (its style attributes are sanitised away).
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...options.imageOrigins].join(" "),
    "font-src 'self'",
    // Workers from this origin only (the trace page parses span details in one); without this directive
    // script-src's 'strict-dynamic' would block them.
    "worker-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * The policy of the API's answers (JSON and event streams): nothing in them may load or run anything, or
 * be framed. Set by lib/http/node-server.ts, whose answers skip proxy.ts; next-auth's pages under
 * /api/auth/ get the pages' policy from proxy.ts.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** HSTS for an app served over https: browsers then never try it over http for a year. */
export function strictTransportSecurity(appUrl: string | undefined): string | null {
  return appUrl?.startsWith("https://") ? "max-age=31536000" : null;
}
