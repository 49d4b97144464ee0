// Unknown API paths answer with the API's error body (and a request id), not with the HTML 404 page.
// Not wrapped in route(): saying "no such API" needs no session, so it works even without the database.
import { z } from "zod";
import { requestMeta } from "@/lib/auth/request-meta";
import { NotFoundError } from "@/lib/errors";
import { documented, type Method } from "@/lib/http/operation";
import { errorResponse } from "@/lib/http/respond";

function notFound(request: Request) {
  const path = new URL(request.url).pathname;
  return errorResponse(
    new NotFoundError(`There is no API at ${path}.`),
    requestMeta(request.headers).requestId,
  );
}

const answer = (method: Method) =>
  documented(
    {
      summary: `${method} anywhere else under /api/: the standard 404 error body`,
      access: "public",
      params: z.object({ path: z.string() }),
      success: { description: "Never: every answer is 404." },
    },
    notFound,
  );

export const GET = answer("GET");
export const POST = answer("POST");
export const PUT = answer("PUT");
export const PATCH = answer("PATCH");
export const DELETE = answer("DELETE");
