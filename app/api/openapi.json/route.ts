// The API description (OpenAPI 3.1), built from the declarations of every route in app/api/routes.ts.
import type { NextRequest } from "next/server";
import { apiDescription } from "@/lib/http/openapi";
import { route } from "@/lib/http/route";
import type { ServiceContext } from "@/lib/services/context";

export const GET = route(
  { summary: "This API's description (OpenAPI 3.1)", access: "authenticated" },
  // The list of routes includes this one: imported when asked for, and typed here to keep the cycle out
  // of type inference.
  async (_request: NextRequest, ctx: ServiceContext): Promise<object> =>
    apiDescription(ctx, (await import("../routes")).API_ROUTES),
);
