// Runs before every request: gives it a request id (the caller's if well-formed, else new) and sends
// anonymous visitors of pages to the sign-in page. It is only a convenience: every page and API call is
// authorized again by the service it uses (lib/services/context.ts).
import { NextResponse, type NextRequest } from "next/server";
import { acceptedRequestId, REQUEST_ID_HEADER } from "@/lib/auth/request-meta";

const PUBLIC_PAGES = ["/signin", "/invite/"];
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  const requestId = acceptedRequestId(request.headers.get(REQUEST_ID_HEADER));
  const { pathname, search } = request.nextUrl;

  const isPage = !pathname.startsWith("/api/");
  const isPublic = PUBLIC_PAGES.some((p) => pathname === p || (p.endsWith("/") && pathname.startsWith(p)));
  const hasSession = request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((name) => c.name.startsWith(name)));
  if (isPage && !isPublic && !hasSession) {
    const url = new URL("/signin", request.url);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    const response = NextResponse.redirect(url);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Everything but static assets.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
