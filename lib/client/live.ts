"use client";
// Live pages: an EventSource on a change stream (lib/http/sse.ts) that refetches the given queries at
// every `changed` event, through the normal API. Returns whether the stream is connected.
// Nothing missed while the stream was away is lost: at `resync` (the server's change feed lost its
// database for a while) and when the stream comes back after a drop, every watched query is refetched.
// The browser reconnects a dropped stream by itself; a stream answered with an error (a 503 while the
// database restarts, a 401) is closed by the browser for good, so the hook refetches (an ended session
// lands on sign-in there, as every API call with one does: lib/client/fetch-json.ts) and opens a new
// one after a backoff. When the stream says `ended` (the session is over), the hook closes it for good
// and refetches.
import { useQueryClient, type MutationKey, type QueryKey } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";

const REOPEN_FIRST_MS = 2_000;
const REOPEN_MAX_MS = 30_000;

export function useLiveInvalidation(
  url: string,
  {
    queryKeys,
    unlessMutating,
  }: {
    queryKeys: QueryKey[];
    /**
     * Skip the refetch at `changed` while mutations with this key are in flight: they refetch when they
     * settle, and a refetch now would overwrite their optimistic state with one that lacks them.
     */
    unlessMutating?: MutationKey;
  },
): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const refetchAll = useEffectEvent(() => {
    for (const queryKey of queryKeys) void client.invalidateQueries({ queryKey });
  });
  const onChanged = useEffectEvent(() => {
    if (unlessMutating && client.isMutating({ mutationKey: unlessMutating }) > 0) return;
    refetchAll();
  });
  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let reopenMs = REOPEN_FIRST_MS;
    let everReady = false;
    let over = false;
    const open = () => {
      const current = new EventSource(url);
      source = current;
      current.addEventListener("ready", () => {
        setConnected(true);
        reopenMs = REOPEN_FIRST_MS;
        // Back after a drop: what changed meanwhile was not announced.
        if (everReady) refetchAll();
        everReady = true;
      });
      current.addEventListener("changed", () => onChanged());
      current.addEventListener("resync", () => refetchAll());
      current.addEventListener("ended", () => {
        over = true;
        current.close();
        setConnected(false);
        refetchAll();
      });
      current.onerror = () => {
        setConnected(false);
        // CLOSED: the browser will not reconnect (the stream was answered with an error).
        if (current.readyState !== EventSource.CLOSED || over) return;
        refetchAll();
        reopen = setTimeout(open, reopenMs);
        reopenMs = Math.min(reopenMs * 2, REOPEN_MAX_MS);
      };
      current.onopen = () => setConnected(true);
    };
    open();
    return () => {
      over = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [url]);
  return connected;
}
