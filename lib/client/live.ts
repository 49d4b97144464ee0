"use client";
// Live pages: an EventSource on a change stream (lib/http/sse.ts) that refetches the given queries at
// every `changed` event, through the normal API. Returns whether the stream is connected; the browser
// reconnects a dropped stream by itself.
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
  useEffect(() => {
    const source = new EventSource(url);
    source.addEventListener("ready", () => setConnected(true));
    source.addEventListener("changed", () => onChanged());
    source.onerror = () => setConnected(false);
    source.onopen = () => setConnected(true);
    return () => source.close();
  }, [url]);
  return connected;
}
