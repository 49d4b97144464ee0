import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { assignRole } from "@/lib/services/incidents";

export const POST = route<{ ref: string }>(async (request, ctx, { ref }) => ({
  incident: await assignRole(ctx, ref, await readJson(request)),
}));
