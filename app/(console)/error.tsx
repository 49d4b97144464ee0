"use client";

import { Button } from "@/components/ui/button";
import { Banner } from "@/components/ui/feedback";

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="max-w-2xl space-y-3">
      <Banner title="This page could not be shown.">
        Something failed on the server. Try again; if it keeps failing, quote reference{" "}
        <code>{error.digest ?? "unknown"}</code> when reporting it.
      </Banner>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
