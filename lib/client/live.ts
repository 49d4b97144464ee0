"use client";
// Live pages: an EventSource on a change stream (lib/http/sse.ts) that refetches the given queries at
// every `changed` event, through the normal API. Returns whether the stream is connected; the browser
// reconnects a dropped stream by itself. When the stream says `ended` (the session is over) or the
// browser gives up on it (an error answer such as 401), the hook closes it for good and refetches: that
// call lands on sign-in as every API call with an ended session does (lib/client/fetch-json.ts).
import { useQueryClient, type MutationKey, type QueryKey } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";

export function useLiveInvalidation(
  url: string,
  {
    queryKeys,
    unlessMutating,
  }: {
    queryKeys: QueryKey[];
    /**
     * Skip the refetch while mutations with this key are in flight: they refetch when they settle, and a
     * refetch now would overwrite their optimistic state with one that lacks them.
     */
    unlessMutating?: MutationKey;
  },
): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const onChanged = useEffectEvent(() => {
    if (unlessMutating && client.isMutating({ mutationKey: unlessMutating }) > 0) return;
    for (const queryKey of queryKeys) void client.invalidateQueries({ queryKey });
  });
  const onEnded = useEffectEvent(() => {
    for (const queryKey of queryKeys) void client.invalidateQueries({ queryKey });
  });
  useEffect(() => {
    const source = new EventSource(url);
    const end = () => {
      source.close();
      setConnected(false);
      onEnded();
    };
    source.addEventListener("ready", () => setConnected(true));
    source.addEventListener("changed", () => onChanged());
    source.addEventListener("ended", end);
    source.onerror = () => {
      setConnected(false);
      // CLOSED: the browser will not reconnect (the stream was answered with an error such as 401).
      if (source.readyState === EventSource.CLOSED) end();
    };
    source.onopen = () => setConnected(true);
    return () => source.close();
  }, [url]);
  return connected;
}
