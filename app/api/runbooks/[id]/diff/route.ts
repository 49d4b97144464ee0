import { z } from "zod";
import { route } from "@/lib/http/route";
import { diffRunbook } from "@/lib/services/runbooks";
import { runbookDiffInput } from "@/lib/services/runbooks/schemas";

export const GET = route(
  {
    summary: "Compare two versions of a runbook, line by line",
    access: "runbooks:read",
    params: z.object({ id: z.uuid() }),
    query: runbookDiffInput,
  },
  async (request, ctx, { id }) => ({
    diff: await diffRunbook(ctx, id, Object.fromEntries(request.nextUrl.searchParams)),
  }),
);
