// The ServiceContext for a page, with the page's read permission checked by the service layer's own
// `authorize`. Anonymous visitors go to sign-in; a role without the permission gets `forbidden`.
import { redirect } from "next/navigation";
import type { Permission } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { requestContext } from "./request-context";

export async function pageContext(
  permission: Permission,
): Promise<{ ctx: ServiceContext; forbidden: ForbiddenError | null }> {
  const ctx = await requestContext();
  if (!ctx.actor) redirect("/signin");
  try {
    authorize(ctx, permission);
    return { ctx, forbidden: null };
  } catch (error) {
    if (error instanceof ForbiddenError) return { ctx, forbidden: error };
    throw error;
  }
}
