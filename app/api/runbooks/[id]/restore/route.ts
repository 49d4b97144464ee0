import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { restoreRunbook } from "@/lib/services/runbooks";
import { restoreRunbookInput } from "@/lib/services/runbooks/schemas";

export const POST = route(
  {
    summary: "Restore an earlier version of a runbook (as a new version)",
    access: "runbooks:write",
    params: z.object({ id: z.uuid() }),
    body: restoreRunbookInput,
  },
  async (request, ctx, { id }) => ({ runbook: await restoreRunbook(ctx, id, await readJson(request)) }),
);
