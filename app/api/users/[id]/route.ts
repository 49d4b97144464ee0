import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { updateUser } from "@/lib/services/users";
import { updateUserInput } from "@/lib/services/users/schemas";

export const PATCH = route(
  {
    summary: "Change a user's role or status",
    access: "users:manage",
    params: z.object({ id: z.uuid() }),
    body: updateUserInput,
  },
  async (request, ctx, { id }) => ({ user: await updateUser(ctx, id, await readJson(request)) }),
);
