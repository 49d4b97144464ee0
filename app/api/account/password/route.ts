import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { changePassword } from "@/lib/services/account";
import { changePasswordInput } from "@/lib/services/account/schemas";

export const POST = route(
  {
    summary: "Change one's own password (the current one is required); ends one's other sessions",
    access: "account:write",
    body: changePasswordInput,
  },
  async (request, ctx) => ({ passwordChange: await changePassword(ctx, await readJson(request)) }),
);
