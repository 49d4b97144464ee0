"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";

export default function DeploymentsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="max-w-2xl space-y-3">
      <Banner title="This deployments page could not be shown.">
        Something failed on the server. Try again; if it keeps failing, quote reference{" "}
        <code>{error.digest ?? "unknown"}</code> when reporting it.
      </Banner>
      <div className="flex items-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <Link href="/deployments" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Every rollout
        </Link>
      </div>
    </div>
  );
}
