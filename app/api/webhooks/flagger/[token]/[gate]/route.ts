// Flagger's gate webhooks (confirm-rollout, confirm-promotion, rollback), authenticated by the token in
// the path (FLAGGER_WEBHOOK_TOKEN; Flagger's webhooks carry no headers). 200 opens the gate; 403 keeps it
// closed (Flagger reads anything above 202 as closed); a wrong token is 401 and closed too.
import { NextResponse, type NextRequest } from "next/server";
import { requestMeta } from "@/lib/auth/request-meta";
import { readJson } from "@/lib/http/body";
import { documented } from "@/lib/http/operation";
import { errorResponse } from "@/lib/http/respond";
import { answerGateWebhook } from "@/lib/services/deployments";
import { gateWebhookBody, gateWebhookPath } from "@/lib/services/deployments/schemas";

export const POST = documented(
  {
    summary: "Flagger's gate webhooks: 200 opens the gate, 403 keeps it closed",
    access: "token",
    params: gateWebhookPath,
    body: gateWebhookBody,
  },
  async (request: NextRequest, segment: { params: Promise<{ token: string; gate: string }> }) => {
    const meta = requestMeta(request.headers);
    try {
      const { token, gate } = await segment.params;
      const answer = await answerGateWebhook(meta, token, gate, await readJson(request, 64 * 1024));
      return NextResponse.json({ gate: answer }, { status: answer.open ? 200 : 403 });
    } catch (error) {
      return errorResponse(error, meta.requestId);
    }
  },
);
