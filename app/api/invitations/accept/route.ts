// Public on purpose: the one-time token in the body is the credential.
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { acceptInvitation } from "@/lib/services/users";

export const POST = route(async (request, ctx) => ({
  user: await acceptInvitation(ctx, await readJson(request)),
}));
