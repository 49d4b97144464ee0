"use client";

import { useSyncExternalStore } from "react";

const nothingToWatch = () => () => {};

/**
 * False while React hydrates the server's HTML, true from the render after. A component that shows
 * what another component fetched into the shared query cache renders as the server did until then: in
 * a boundary that hydrates late (a Suspense boundary hydrates after the page around it, seconds later
 * on a busy machine) it would otherwise meet data the server never had, and React would throw that part
 * of the page away and draw it again, losing a click made on it (hydration error #418).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    nothingToWatch,
    () => true,
    () => false,
  );
}
