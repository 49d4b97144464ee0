// Each span's children as one flat list, not an array per span: a trace of 100,000 spans made tens of
// thousands of small arrays, and building them (with the garbage they left) was most of a view's build.

/** The children of span p are kids[first[p]] up to kids[first[p + 1]], exclusive. */
export type ChildLists = { first: Int32Array; kids: Int32Array };

/** Children grouped by parent (-1: none), each group in span order. */
export function childLists(parentOf: ArrayLike<number>): ChildLists {
  const n = parentOf.length;
  const first = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parentOf[i]! >= 0) first[parentOf[i]! + 1]! += 1;
  for (let p = 0; p < n; p++) first[p + 1]! += first[p]!;
  const kids = new Int32Array(first[n]!);
  const next = first.slice(0, n);
  for (let i = 0; i < n; i++) if (parentOf[i]! >= 0) kids[next[parentOf[i]!]!++] = i;
  return { first, kids };
}

/** Sorts each span's children by `compare`; ties keep span order (compare should break them itself). */
export function sortChildLists({ first, kids }: ChildLists, compare: (a: number, b: number) => number) {
  const n = first.length - 1;
  for (let p = 0; p < n; p++) {
    const from = first[p]!;
    const to = first[p + 1]!;
    if (to - from < 2) continue;
    if (to - from <= 24) {
      // Most spans have a few children: an insertion sort in place, no array made.
      for (let k = from + 1; k < to; k++) {
        const kid = kids[k]!;
        let j = k - 1;
        while (j >= from && compare(kids[j]!, kid) > 0) {
          kids[j + 1] = kids[j]!;
          j--;
        }
        kids[j + 1] = kid;
      }
    } else kids.set(Array.from(kids.subarray(from, to)).sort(compare), from);
  }
}
