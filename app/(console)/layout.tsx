import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requestContext } from "@/lib/auth/request-context";
import { getTimePreferences } from "@/lib/services/account";
import { describeMe } from "@/lib/services/me";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requestContext();
  // A cookie that no longer maps to a live session (expired, revoked, user disabled).
  if (!ctx.actor) redirect("/signin?expired=1");
  return (
    <AppShell me={describeMe(ctx)} timePreferences={await getTimePreferences(ctx)}>
      {children}
    </AppShell>
  );
}
