// Public on purpose: the one-time token in the body is the credential.
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { acceptInvitation } from "@/lib/services/users";
import { acceptInvitationInput } from "@/lib/services/users/schemas";

export const POST = route(
  {
    summary: "Accept an invitation or password link: set the password",
    access: "public",
    body: acceptInvitationInput,
  },
  async (request, ctx) => ({ user: await acceptInvitation(ctx, await readJson(request)) }),
);
