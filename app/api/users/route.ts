import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { appUrl } from "@/lib/http/url";
import { inviteUser, listUsers } from "@/lib/services/users";

export const GET = route(async (_request, ctx) => ({ users: await listUsers(ctx) }));

export const POST = route(async (request, ctx) => {
  const invited = await inviteUser(ctx, await readJson(request));
  return created({
    user: invited.user,
    passwordLink: { url: appUrl(request, `/invite/${invited.token}`), expiresAt: invited.expiresAt },
  });
});
