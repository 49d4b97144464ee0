import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { requestContext } from "@/lib/auth/request-context";
import { getTimePreferences } from "@/lib/services/account";
import { describeMe } from "@/lib/services/me";
import {
  knownLocale,
  knownZone,
  LOCAL_ZONE_COOKIE,
  LOCALE_COOKIE,
  runtimeLocale,
  runtimeZone,
} from "@/lib/time/format";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requestContext();
  // A cookie that no longer maps to a live session (expired, revoked, user disabled).
  if (!ctx.actor) redirect("/signin?expired=1");
  // Times are rendered in the zone and locale the browser reported (components/shell/time-format.tsx).
  const jar = await cookies();
  const timePreferences = {
    ...(await getTimePreferences(ctx)),
    localZone: knownZone(jar.get(LOCAL_ZONE_COOKIE)?.value) ?? runtimeZone(),
    locale: knownLocale(jar.get(LOCALE_COOKIE)?.value) ?? runtimeLocale(),
  };
  return (
    <AppShell me={describeMe(ctx)} timePreferences={timePreferences}>
      {children}
    </AppShell>
  );
}
