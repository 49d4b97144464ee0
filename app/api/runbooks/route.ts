import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { createRunbook, listRunbooks } from "@/lib/services/runbooks";
import { runbookInput, runbookListInput } from "@/lib/services/runbooks/schemas";

export const GET = route(
  {
    summary: "List runbooks, those matching an alert or service first",
    access: "runbooks:read",
    query: runbookListInput,
  },
  async (request, ctx) => ({
    runbooks: await listRunbooks(ctx, Object.fromEntries(request.nextUrl.searchParams)),
  }),
);

export const POST = route(
  { summary: "Write a runbook", access: "runbooks:write", body: runbookInput, success: { status: 201 } },
  async (request, ctx) => {
    const runbook = await createRunbook(ctx, await readJson(request));
    return created({ runbook }, `/api/runbooks/${runbook.id}`);
  },
);
