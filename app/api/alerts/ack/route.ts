import { readJson } from "@/lib/http/body";
import { created } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { acknowledgeAlert } from "@/lib/services/alerts";

// An acknowledgement is a silence of the alert's exact labels.
export const POST = route(async (request, ctx) =>
  created({ silence: await acknowledgeAlert(ctx, await readJson(request)) }),
);
