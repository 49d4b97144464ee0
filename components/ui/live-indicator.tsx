import { cn } from "./cn";

/**
 * Whether a live page's change stream is connected ("Live") or not ("Reconnecting…": the browser
 * reconnects by itself). `live` is what `useLiveInvalidation` (lib/client/live.ts) returns.
 */
export function LiveIndicator({ live }: { live: boolean }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 text-xs",
        live ? "text-green-700 dark:text-green-400" : "text-zinc-500",
      )}
      data-testid="live-indicator"
    >
      <span className={cn("size-2 rounded-full", live ? "bg-green-500" : "bg-zinc-400")} aria-hidden />{" "}
      {live ? "Live" : "Reconnecting…"}
    </span>
  );
}
