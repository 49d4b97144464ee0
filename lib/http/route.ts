// The wrapper every route handler uses: refuses changes from other sites (lib/http/same-origin.ts), builds
// the ServiceContext, runs the handler, maps errors to responses (lib/http/respond.ts) and tags the
// response with the request id. Access is decided by the service the handler calls, never here. The
// origin check lives here because this is where the session cookie becomes a caller; handlers that take
// no cookie (bearer-token webhooks, metrics, next-auth with its own CSRF token) do not use route(). Each
// handler comes with its declaration (lib/http/operation.ts), which types its path parameters.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { requestContext } from "@/lib/auth/request-context";
import { REQUEST_ID_HEADER, requestMeta } from "@/lib/auth/request-meta";
import type { ServiceContext } from "@/lib/services/context";
import { documented, type Operation, type ParameterSchema } from "./operation";
import { errorResponse } from "./respond";
import { appOrigins, crossOriginRefusal } from "./same-origin";

type Handler<P> = (request: NextRequest, ctx: ServiceContext, params: P) => Promise<Response | unknown>;

export function route<S extends ParameterSchema = z.ZodObject<Record<never, never>>>(
  operation: Operation<S>,
  handler: Handler<z.input<S>>,
) {
  type P = z.input<S>;
  return documented(
    operation,
    async (request: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
      let requestId = requestMeta(request.headers).requestId;
      try {
        const refusal = crossOriginRefusal(request.method, request.headers, appOrigins(request.url));
        if (refusal) throw refusal;
        const ctx = await requestContext();
        requestId = ctx.requestId;
        const result = await handler(request, ctx, await segment.params);
        const response = result instanceof Response ? result : NextResponse.json(result);
        response.headers.set(REQUEST_ID_HEADER, ctx.requestId);
        response.headers.set("Cache-Control", response.headers.get("Cache-Control") ?? "no-store");
        return response;
      } catch (error) {
        return errorResponse(error, requestId);
      }
    },
  );
}
