// Work that must answer within a short time or be left behind (a search's sources, the trace graph the
// Overview and incident grouping ask for), so one slow upstream never holds back the rest. The work
// itself goes on: a cache it fills serves the next ask.

export type Settled<T> = { value: T } | { error: unknown };
export type Budgeted<T> = Settled<T> | { timedOut: true };

/** The outcome of `work`, never rejecting: what a caller that must not throw (a page's render) waits on. */
export function settled<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<Budgeted<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([settled(work), late]);
  } finally {
    clearTimeout(timer);
  }
}
