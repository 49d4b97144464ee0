import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { setKeyEvent } from "@/lib/services/incidents";
import { incidentRef, keyEventInput } from "@/lib/services/incidents/schemas";

export const POST = route(
  {
    summary: "Mark or unmark a timeline entry as a key event",
    access: "incidents:write",
    params: z.object({ ref: incidentRef }),
    body: keyEventInput,
  },
  async (request, ctx, { ref }) => ({ entry: await setKeyEvent(ctx, ref, await readJson(request)) }),
);
