import { route } from "@/lib/http/route";
import { expireSilence } from "@/lib/services/alerts";

export const DELETE = route<{ id: string }>(async (_request, ctx, { id }) => ({
  silence: await expireSilence(ctx, id),
}));
