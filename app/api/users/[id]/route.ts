import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { updateUser } from "@/lib/services/users";

export const PATCH = route<{ id: string }>(async (request, ctx, { id }) => ({
  user: await updateUser(ctx, id, await readJson(request)),
}));
