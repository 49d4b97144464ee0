import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { acknowledgeAlert } from "@/lib/services/alerts";
import { acknowledgeInput } from "@/lib/services/alerts/schemas";

// An acknowledgement is a silence of the alert's exact labels.
export const POST = route(
  {
    summary: "Acknowledge a firing alert (a silence of its exact labels)",
    access: "silences:write",
    body: acknowledgeInput,
    success: { status: 201 },
  },
  async (request, ctx) => created({ silence: await acknowledgeAlert(ctx, await readJson(request)) }),
);
