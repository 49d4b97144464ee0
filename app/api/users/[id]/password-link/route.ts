import { z } from "zod";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { appUrl } from "@/lib/http/url";
import { issuePasswordLink } from "@/lib/services/users";

export const POST = route(
  {
    summary: "Issue a one-time link for a user to set a new password",
    access: "users:manage",
    params: z.object({ id: z.uuid() }),
    success: { status: 201 },
  },
  async (request, ctx, { id }) => {
    const link = await issuePasswordLink(ctx, id);
    return created({
      passwordLink: { url: appUrl(request, `/invite/${link.token}`), expiresAt: link.expiresAt },
    });
  },
);
