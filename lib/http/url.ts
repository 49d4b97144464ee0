import { env } from "@/lib/config/env";

/** An absolute link to this app: NEXTAUTH_URL when set (the public URL), else the request's origin. */
export function appUrl(request: Request, path: string): string {
  return new URL(path, env().NEXTAUTH_URL ?? new URL(request.url).origin).toString();
}
