import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { addNote } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) =>
  Response.json({ entry: await addNote(ctx, ref, await readJson(request)) }, { status: 201 }),
);
