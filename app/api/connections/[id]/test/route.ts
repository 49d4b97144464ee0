import { z } from "zod";
import { route } from "@/lib/http/route";
import { testConnection } from "@/lib/services/connections";
import { connectionId } from "@/lib/services/connections/schemas";

// Read-only: asks the upstream for its version now (shared with a probe of the last few seconds).
export const POST = route(
  {
    summary: "Test one connection now",
    access: "settings:manage",
    params: z.object({ id: connectionId }),
  },
  async (_request, ctx, { id }) => ({ connection: await testConnection(ctx, id) }),
);
