import { env } from "@/lib/config/env";

/** An absolute link to this app: NEXTAUTH_URL when set (the public URL), else the request's origin. */
export function appUrl(request: Request, path: string): string {
  return new URL(path, env().NEXTAUTH_URL ?? new URL(request.url).origin).toString();
}

/** A query string as an object for a zod schema: a key given once is a string, a repeated key a list. */
export function queryParams(search: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    params[key] = values.length === 1 ? values[0]! : values;
  }
  return params;
}
