// What every API route handler declares about itself, next to its code: who may call it, what its path
// parameters, query and body are (the zod schemas the services validate with, so the description cannot
// drift from what is enforced), and what a success looks like. `/api/openapi.json` (lib/http/openapi.ts)
// is built from these declarations, `e2e/api/role-matrix.spec.ts` checks every route against the access
// it declares, and the fuzz stage (`e2e/fuzz/`) drives every route from the document. The declaration
// documents and is tested; the gate stays in the service (docs/ARCHITECTURE.md, "A request, end to end").
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

/**
 * Who may call: a permission; anyone signed in ("authenticated"); anyone ("public"); or only the holder of
 * a configured bearer token, with or without a session ("token").
 */
export type Access = Permission | "public" | "authenticated" | "token";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/** A query string or path parameters: an object of strings (or lists of strings, for repeated names). */
export type ParameterSchema = z.ZodType<Record<string, unknown>>;

/**
 * One way a call succeeds: its status and the media types its body may have (a redirect, 302, has none:
 * its answer is the Location header).
 */
export type Success = { status?: 200 | 201 | 302; contentType?: string | string[]; description?: string };

export type Operation<P extends ParameterSchema = ParameterSchema> = {
  /** One line, as an operator would say what the call does. */
  summary: string;
  access: Access;
  /** The path's `[segments]`, by name. */
  params?: P;
  /** The query string the handler reads. */
  query?: ParameterSchema;
  /** The request body; JSON unless `bodyType` says otherwise. */
  body?: z.ZodType;
  bodyType?: "application/json" | "application/x-www-form-urlencoded";
  /** 200 with JSON unless said otherwise; a list when a call succeeds in more than one way. */
  success?: Success | Success[];
  /** For catch-all routes (`[...name]`): the concrete paths the operation serves, instead of the file's. */
  paths?: string[];
};

/** A route handler with its declaration attached, as the API description reads it. */
export type DocumentedHandler = ((...args: never[]) => unknown) & { operation: Operation };

/** A route module as `app/api/routes.ts` lists it: each exported method handler documents itself. */
export type RouteModule = Partial<Record<Method, DocumentedHandler>>;

/** Attaches its declaration to a handler that is not wrapped in `route()` (webhooks, health, next-auth). */
export function documented<F extends (...args: never[]) => unknown>(
  operation: Operation,
  handler: F,
): F & { operation: Operation } {
  // A function of its own: one handler may serve several methods, each with its own declaration.
  const own = ((...args: Parameters<F>) => handler(...args)) as F;
  return Object.assign(own, { operation });
}
