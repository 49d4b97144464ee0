import { Link } from "@/components/ui/link";
import type { Me } from "@/lib/services/me";
import type { TimePreferences } from "@/lib/time/format";
import { CommandBar } from "./command-bar";
import { Sidebar } from "./sidebar";
import { ThemeToggle } from "./theme-toggle";
import { TimePreferencesProvider } from "./time-format";
import { TimeControls } from "./time-controls";
import { UserMenu } from "./user-menu";

export function AppShell({
  me,
  timePreferences,
  children,
}: {
  me: Me;
  timePreferences: TimePreferences;
  children: React.ReactNode;
}) {
  return (
    <TimePreferencesProvider preferences={timePreferences}>
      <div className="flex min-h-screen flex-col md:flex-row">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <aside className="border-b border-zinc-200 bg-zinc-100/80 px-3 py-3 md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900/60">
          <Link href="/" className="mb-4 hidden items-center gap-2 px-2 font-semibold tracking-tight md:flex">
            {/* eslint-disable-next-line @next/next/no-img-element -- a static 24px logo needs no optimisation */}
            <img src="/icon.svg" alt="" className="size-6" />
            Opsdeck
          </Link>
          {/* No Suspense boundary around the sidebar or the time controls: they read the URL, which needs
              one only in a static page, and these never are. In a boundary, React sent them apart from the
              shell, to be put in place by its script, and they hydrated after the page: the sidebar's count
              then met data the page had fetched meanwhile (see useHydrated). */}
          <Sidebar permissions={me.permissions} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex flex-wrap items-center justify-end gap-3 border-b border-zinc-200 bg-zinc-50/90 px-4 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
            <CommandBar permissions={me.permissions} />
            <TimeControls />
            <ThemeToggle />
            <UserMenu email={me.email} name={me.name} role={me.role} />
          </header>
          <main id="main" className="flex-1 px-4 py-5 md:px-6">
            {children}
          </main>
        </div>
      </div>
    </TimePreferencesProvider>
  );
}
