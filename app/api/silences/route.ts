import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { createSilence, listSilences } from "@/lib/services/alerts";

export const GET = route(async (_request, ctx) => ({ silences: await listSilences(ctx) }));

export const POST = route(async (request, ctx) =>
  created({ silence: await createSilence(ctx, await readJson(request)) }),
);
