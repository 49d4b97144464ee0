import { route } from "@/lib/http/route";
import { listAuditEntries } from "@/lib/services/audit";

export const GET = route(async (request, ctx) =>
  listAuditEntries(ctx, Object.fromEntries(request.nextUrl.searchParams)),
);
