// The one QueryClient factory: shared defaults for every query hook in the browser.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./fetch-json";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Keep showing the last good data while a refetch runs or fails.
        placeholderData: (previous: unknown) => previous,
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
