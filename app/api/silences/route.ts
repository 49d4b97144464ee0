import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { createSilence, listSilences } from "@/lib/services/alerts";

export const GET = route(async (_request, ctx) => ({ silences: await listSilences(ctx) }));

export const POST = route(async (request, ctx) =>
  Response.json(await createSilence(ctx, await readJson(request)), { status: 201 }),
);
