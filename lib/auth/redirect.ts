// Where to go after signing in: only ever a path on this site, so a crafted link cannot send a user
// elsewhere (no open redirects).

/** Returns `target` if it is a same-origin path (or URL), else `fallback`. */
export function safeCallbackPath(target: string | null | undefined, baseUrl: string, fallback = "/"): string {
  if (!target) return fallback;
  // Backslashes are treated as slashes by browsers ("/\\evil.com" is protocol-relative).
  if (/[\\\u0000-\u001f]/.test(target)) return fallback;
  let url: URL;
  let base: URL;
  try {
    base = new URL(baseUrl);
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  if (url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
