import { describe, expect, it } from "vitest";
import { seededRandom } from "@/stack/random";
import { childLists, sortChildLists } from "./children";

const listsOf = ({ first, kids }: ReturnType<typeof childLists>) =>
  Array.from({ length: first.length - 1 }, (_, p) => [...kids.subarray(first[p]!, first[p + 1]!)]);

/** What childLists stands in for: an array of children per span. */
function plainLists(parentOf: number[]): number[][] {
  const lists = parentOf.map((): number[] => []);
  parentOf.forEach((parent, i) => parent >= 0 && lists[parent]!.push(i));
  return lists;
}

describe("childLists", () => {
  it("groups each span's children in span order, and leaves roots out", () => {
    expect(listsOf(childLists([-1, 0, 0, 1, -1, 3, 0]))).toEqual([[1, 2, 6], [3], [], [5], [], [], []]);
    expect(listsOf(childLists([]))).toEqual([]);
  });

  it("agrees with an array per span on random forests", () => {
    const rand = seededRandom(11);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rand() * 300);
      const parentOf = Array.from({ length: n }, (_, i) =>
        i === 0 || rand() < 0.1 ? -1 : Math.floor(rand() * n),
      );
      expect(listsOf(childLists(parentOf))).toEqual(plainLists(parentOf));
    }
  });
});

describe("sortChildLists", () => {
  it("sorts short and long lists as Array.prototype.sort does, ties in span order", () => {
    const rand = seededRandom(12);
    for (let round = 0; round < 100; round++) {
      const n = 2 + Math.floor(rand() * 400);
      // A few parents, so that some lists are long (past the in-place sort's 24) and some short.
      const parents = 1 + Math.floor(rand() * 30);
      const parentOf = Array.from({ length: n }, (_, i) => (i < parents ? -1 : Math.floor(rand() * parents)));
      const key = Array.from({ length: n }, () => Math.floor(rand() * 8)); // many ties
      const byKey = (a: number, b: number) => key[a]! - key[b]!;
      const lists = childLists(parentOf);
      sortChildLists(lists, byKey);
      expect(listsOf(lists)).toEqual(plainLists(parentOf).map((list) => list.sort(byKey)));
    }
  });
});
