"use client";

import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";

/** What a route's error boundary shows: the failure's reference to quote, a retry, and a way out. */
export function PageError({
  error,
  reset,
  title = "This page could not be shown.",
  away,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  title?: string;
  /** A page that still works, for a person who cannot wait for a retry. */
  away?: { href: string; label: string };
}) {
  return (
    <div className="max-w-2xl space-y-3">
      <Banner title={title}>
        Something failed on the server. Try again; if it keeps failing, quote reference{" "}
        <code>{error.digest ?? "unknown"}</code> when reporting it.
      </Banner>
      <div className="flex items-center gap-3">
        <Button onClick={reset}>Try again</Button>
        {away && (
          <Link href={away.href} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            {away.label}
          </Link>
        )}
      </div>
    </div>
  );
}
