import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { addNote } from "@/lib/services/incidents";
import { incidentRef, noteInput } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Add a note to an incident's timeline",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: noteInput,
    success: { status: 201 },
  },
  async (request, ctx, { ref }) => created({ entry: await addNote(ctx, ref, await readJson(request)) }),
);
