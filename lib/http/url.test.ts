import { describe, expect, it } from "vitest";
import { queryParams } from "./url";

describe("queryParams", () => {
  it("keeps a key given once as a string and a repeated key as a list", () => {
    expect(queryParams(new URLSearchParams("service=a&service=b&sort=name&q="))).toEqual({
      service: ["a", "b"],
      sort: "name",
      q: "",
    });
  });
});
