import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { serviceMetaInput, serviceNameSchema, updateServiceMeta } from "@/lib/services/health/catalog";
import { getServiceDetail, serviceHealthInput } from "@/lib/services/health/service-detail";

const params = z.object({ name: serviceNameSchema });

export const GET = route(
  {
    summary: "One service's health: charts, targets, alerts, exemplars",
    access: "services:read",
    params,
    query: serviceHealthInput,
  },
  async (request, ctx, { name }) => {
    const { sources, ...service } = await getServiceDetail(
      ctx,
      name,
      Object.fromEntries(request.nextUrl.searchParams),
    );
    return { service, sources };
  },
);

export const PATCH = route(
  { summary: "Edit a service's catalog entry", access: "services:write", params, body: serviceMetaInput },
  async (request, ctx, { name }) => ({ meta: await updateServiceMeta(ctx, name, await readJson(request)) }),
);
