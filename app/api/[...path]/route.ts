// Unknown API paths answer in JSON like the rest of the API, not with the HTML 404 page.
function notFound(request: Request) {
  const path = new URL(request.url).pathname;
  return Response.json(
    { error: { code: "not_found", message: `There is no API at ${path}.` } },
    { status: 404 },
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
