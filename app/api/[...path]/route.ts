// Unknown API paths answer with the API's error body (and a request id), not with the HTML 404 page.
// Not wrapped in route(): saying "no such API" needs no session, so it works even without the database.
import { requestMeta } from "@/lib/auth/request-meta";
import { NotFoundError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";

function notFound(request: Request) {
  const path = new URL(request.url).pathname;
  return errorResponse(
    new NotFoundError(`There is no API at ${path}.`),
    requestMeta(request.headers).requestId,
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
