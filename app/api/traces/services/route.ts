import { route } from "@/lib/http/route";
import { listTraceServices } from "@/lib/services/traces";

export const GET = route(async (_request, ctx) => listTraceServices(ctx));
