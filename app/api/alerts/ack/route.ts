import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { acknowledgeAlert } from "@/lib/services/alerts";

export const POST = route(async (request, ctx) =>
  Response.json(await acknowledgeAlert(ctx, await readJson(request)), { status: 201 }),
);
