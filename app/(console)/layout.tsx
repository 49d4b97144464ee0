import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requestContext } from "@/lib/auth/request-context";
import { getTimePreferences } from "@/lib/services/account";
import { describeMe } from "@/lib/services/me";
import { knownZone, LOCAL_ZONE_COOKIE, runtimeZone } from "@/lib/time/format";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requestContext();
  // A cookie that no longer maps to a live session (expired, revoked, user disabled).
  if (!ctx.actor) redirect("/signin?expired=1");
  // "local" times are rendered in the zone the browser reported (components/shell/time-format.tsx).
  const localZone = knownZone((await cookies()).get(LOCAL_ZONE_COOKIE)?.value) ?? runtimeZone();
  const timePreferences = { ...(await getTimePreferences(ctx)), localZone };
  return (
    <AppShell me={describeMe(ctx)} timePreferences={timePreferences}>
      {children}
    </AppShell>
  );
}
