import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getRunbook, updateRunbook } from "@/lib/services/runbooks";
import { updateRunbookInput } from "@/lib/services/runbooks/schemas";

const params = z.object({ id: z.uuid() });

export const GET = route(
  { summary: "Read a runbook with its versions", access: "runbooks:read", params },
  async (_request, ctx, { id }) => ({ runbook: await getRunbook(ctx, id) }),
);

export const PUT = route(
  { summary: "Edit a runbook (a new version)", access: "runbooks:write", params, body: updateRunbookInput },
  async (request, ctx, { id }) => ({ runbook: await updateRunbook(ctx, id, await readJson(request)) }),
);
