import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { appUrl } from "@/lib/http/url";
import { issuePasswordLink } from "@/lib/services/users";

export const POST = route<{ id: string }>(async (request, ctx, { id }) => {
  const link = await issuePasswordLink(ctx, id);
  return created({
    passwordLink: { url: appUrl(request, `/invite/${link.token}`), expiresAt: link.expiresAt },
  });
});
