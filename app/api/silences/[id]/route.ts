import { z } from "zod";
import { route } from "@/lib/http/route";
import { expireSilence } from "@/lib/services/alerts";
import { text } from "@/lib/validation/text";

export const DELETE = route(
  { summary: "Expire a silence", access: "silences:write", params: z.object({ id: text() }) },
  async (_request, ctx, { id }) => ({ silence: await expireSilence(ctx, id) }),
);
