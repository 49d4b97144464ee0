// Alertmanager's webhook_config target. Authenticated by the bearer token ALERTMANAGER_WEBHOOK_TOKEN.
import { NextResponse, type NextRequest } from "next/server";
import { requestMeta } from "@/lib/auth/request-meta";
import { readJson } from "@/lib/http/body";
import { documented } from "@/lib/http/operation";
import { errorResponse } from "@/lib/http/respond";
import {
  alertmanagerWebhook,
  ingestAlertmanagerWebhook,
  webhookContext,
} from "@/lib/services/incidents/alertmanager-webhook";

export const POST = documented(
  {
    summary: "Alertmanager's notifications: open, update and resolve incidents",
    access: "token",
    body: alertmanagerWebhook,
  },
  async (request: NextRequest) => {
    const meta = requestMeta(request.headers);
    try {
      const ctx = webhookContext(request.headers.get("authorization"), meta);
      return NextResponse.json(
        await ingestAlertmanagerWebhook(ctx, await readJson(request, 4 * 1024 * 1024)),
      );
    } catch (error) {
      return errorResponse(error, meta.requestId);
    }
  },
);
