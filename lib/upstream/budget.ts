// Work that must answer within a short time or be left behind (a search's sources, the trace graph the
// Overview and incident grouping ask for), so one slow upstream never holds back the rest. The work
// itself goes on: a cache it fills serves the next ask.

export type Budgeted<T> = { value: T } | { timedOut: true } | { error: unknown };

export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<Budgeted<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
