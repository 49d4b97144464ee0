import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { updateServiceMeta } from "@/lib/services/health/catalog";
import { getServiceDetail } from "@/lib/services/health/service-detail";

export const GET = route<{ name: string }>(async (request, ctx, { name }) => {
  const { sources, ...service } = await getServiceDetail(
    ctx,
    name,
    Object.fromEntries(request.nextUrl.searchParams),
  );
  return { service, sources };
});

export const PATCH = route<{ name: string }>(async (request, ctx, { name }) => ({
  meta: await updateServiceMeta(ctx, name, await readJson(request)),
}));
