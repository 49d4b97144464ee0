import { route } from "@/lib/http/route";
import { getCanaryDetail, type CanaryRef } from "@/lib/services/deployments";

export const GET = route<CanaryRef>(async (_request, ctx, ref) => ({
  canary: await getCanaryDetail(ctx, ref),
}));
