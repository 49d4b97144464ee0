import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { appUrl } from "@/lib/http/url";
import { inviteUser, listUsers } from "@/lib/services/users";
import { inviteUserInput } from "@/lib/services/users/schemas";

export const GET = route({ summary: "List users", access: "users:read" }, async (_request, ctx) => ({
  users: await listUsers(ctx),
}));

export const POST = route(
  {
    summary: "Invite a user: a one-time link to set a password",
    access: "users:manage",
    body: inviteUserInput,
    success: { status: 201 },
  },
  async (request, ctx) => {
    const invited = await inviteUser(ctx, await readJson(request));
    return created({
      user: invited.user,
      passwordLink: { url: appUrl(request, `/invite/${invited.token}`), expiresAt: invited.expiresAt },
    });
  },
);
