import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { addNote } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) =>
  created({ entry: await addNote(ctx, ref, await readJson(request)) }),
);
