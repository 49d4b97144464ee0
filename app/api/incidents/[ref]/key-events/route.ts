import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { setKeyEvent } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  entry: await setKeyEvent(ctx, ref, await readJson(request)),
}));
