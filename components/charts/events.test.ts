import { describe, expect, it } from "vitest";
import { eventLabels } from "./events";

const at = (t: number, label: string) => ({ t, label });

describe("eventLabels", () => {
  it("labels events far apart each with its own", () => {
    expect(eventLabels([at(0, "new revision"), at(500, "promoted")], 0, 1000)).toEqual([
      { value: "new revision", position: "insideTopLeft" },
      { value: "promoted", position: "insideTopLeft" },
    ]);
  });

  it("gives events close together one label that counts them", () => {
    const labels = eventLabels(
      [at(300, "promoted"), at(100, "new revision"), at(150, "aborted"), at(400, "promoted")],
      0,
      1000,
    );
    expect(labels).toEqual([
      { value: "promoted ×2", position: "insideTopLeft" },
      { value: "2 events", position: "insideTopLeft" },
      null,
      null,
    ]);
  });

  it("writes a label near the right edge to the left of its line", () => {
    expect(eventLabels([at(950, "rolled back")], 0, 1000)).toEqual([
      { value: "rolled back", position: "insideTopRight" },
    ]);
  });
});
