// Live updates of one incident (ADR 0010): its changes, committed on any instance, as a source for the
// event stream of /api/incidents/[ref]/events (lib/http/sse.ts); the browser then refetches.
import { changeFeed } from "@/lib/db/changes";
import { db } from "@/lib/db/client";
import type { ChangeSource } from "@/lib/http/sse";
import { stillAuthorized } from "@/lib/services/auth/sign-in";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { findIncident } from "./store";

export async function incidentChanges(ctx: ServiceContext, ref: string): Promise<ChangeSource> {
  authorize(ctx, "incidents:read");
  const { id } = await findIncident(db(), ref);
  return {
    id,
    subscribe: (onChange, onResync) => changeFeed().subscribe("incident", id, () => onChange(), onResync),
    stillAllowed: () => stillAuthorized(ctx, "incidents:read"),
  };
}
