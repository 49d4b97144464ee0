import { route } from "@/lib/http/route";
import { describeAccount } from "@/lib/services/account";

export const GET = route(
  {
    summary: "The signed-in person's own account: who, how they sign in, their preferences",
    access: "authenticated",
  },
  async (_request, ctx) => ({ account: await describeAccount(ctx) }),
);
