// The API description, OpenAPI 3.1, built from the declarations every route handler carries
// (lib/http/operation.ts) and the zod schemas in them (their input side: what a caller sends). Served at
// /api/openapi.json to anyone signed in; the fuzz stage of the test suite drives every route from it.
import { z } from "zod";
import { requireActor, type ServiceContext } from "@/lib/services/context";
import { version } from "@/package.json";
import { METHODS, type Access, type Operation, type RouteModule, type Success } from "./operation";

type JsonSchema = { [key: string]: unknown };

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

const errorBody = z.object({
  error: z.looseObject({
    code: z.string().meta({ description: "Stable, for programs: validation_failed, not_found, forbidden…" }),
    message: z.string().meta({ description: "For people: what went wrong and what to do." }),
    requestId: z.string(),
    fields: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "With 422: the messages for each invalid field, by its path." }),
  }),
});

/** `/api/incidents/[ref]` → `/api/incidents/{ref}`; a catch-all `[...path]` becomes one parameter too. */
export function openApiPath(route: string): string {
  return route.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, "{$1}");
}

type Properties = { properties: Record<string, JsonSchema>; required: Set<string> };

/** An object schema's properties, through intersections (allOf) and unions (anyOf: required in every branch). */
function objectProperties(schema: JsonSchema): Properties {
  const parts = (schema.allOf ?? schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!parts) {
    return {
      properties: (schema.properties ?? {}) as Record<string, JsonSchema>,
      required: new Set((schema.required ?? []) as string[]),
    };
  }
  const each = parts.map(objectProperties);
  const properties = Object.assign({}, ...each.map((p) => p.properties)) as Record<string, JsonSchema>;
  const required = schema.allOf
    ? new Set(each.flatMap((p) => [...p.required]))
    : new Set(Object.keys(properties).filter((name) => each.every((p) => p.required.has(name))));
  return { properties, required };
}

function parameters(location: "path" | "query", schema: z.ZodType | undefined) {
  if (!schema) return [];
  const { properties, required } = objectProperties(jsonSchema(schema));
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || required.has(name),
    schema: property,
    ...(property.type === "array" && { style: "form", explode: true }),
  }));
}

const ACCESS_TEXT: Record<Exclude<Access, `${string}:${string}`>, string> = {
  public: "Anyone, signed in or not.",
  authenticated: "Anyone signed in.",
  token: "The holder of the configured bearer token; a session is not enough.",
};

function describeAccess(access: Access): string {
  return access in ACCESS_TEXT
    ? ACCESS_TEXT[access as keyof typeof ACCESS_TEXT]
    : `Signed in, with a role that has the permission "${access}".`;
}

function successResponse({ status = 200, contentType = "application/json", description }: Success) {
  if (status === 302) {
    return [
      "302",
      {
        description: description ?? "A redirect.",
        headers: { Location: { required: true, schema: { type: "string" } } },
      },
    ];
  }
  const content = Object.fromEntries([contentType].flat().map((type) => [type, { schema: {} }]));
  return [String(status), { description: description ?? "Done.", content }];
}

function operationObject(method: string, route: string, path: string, op: Operation) {
  return {
    operationId: `${method.toLowerCase()} ${path}`,
    summary: op.summary,
    description: `Who may call: ${describeAccess(op.access)}`,
    "x-opsdeck-route": route,
    "x-opsdeck-access": op.access,
    security: op.access === "public" ? [] : op.access === "token" ? [{ bearer: [] }] : [{ session: [] }],
    parameters: [
      ...parameters("path", path.includes("{") ? op.params : undefined),
      ...parameters("query", op.query),
    ],
    ...(op.body && {
      requestBody: {
        required: true,
        content: { [op.bodyType ?? "application/json"]: { schema: jsonSchema(op.body) } },
      },
    }),
    responses: {
      ...Object.fromEntries([op.success ?? {}].flat().map(successResponse)),
      default: {
        description: "An error, with the standard error body.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  };
}

/** The OpenAPI 3.1 document of the given route modules, keyed by their route paths. */
export function openApiDocument(routes: Record<string, RouteModule>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [route, module] of Object.entries(routes)) {
    for (const method of METHODS) {
      const operation = module[method]?.operation;
      if (!operation) continue;
      for (const path of operation.paths ?? [openApiPath(route)])
        (paths[path] ??= {})[method.toLowerCase()] = operationObject(method, route, path, operation);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Opsdeck API",
      version,
      description:
        "Sign in through /signin and send the session cookie. Changes (POST, PUT, PATCH, DELETE) are accepted " +
        "only with an Origin header of Opsdeck's own address. Every error has the body described as Error.",
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody) },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
  };
}

let cached: ReturnType<typeof openApiDocument> | undefined;

/** The document for a caller who is signed in: nothing in it is secret, but nobody else has a use for it. */
export function apiDescription(ctx: ServiceContext, routes: Record<string, RouteModule>) {
  requireActor(ctx);
  return (cached ??= openApiDocument(routes));
}
