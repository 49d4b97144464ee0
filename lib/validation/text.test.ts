import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isStorableText, text, toStorableText, UNSTORABLE_TEXT_MESSAGE } from "./text";

describe("text that PostgreSQL can store", () => {
  it("accepts any well-formed text, astral characters included", () => {
    for (const value of ["", "plain", "tab\tand\nnewline", "\u0001 control", "😀 emoji", "\uFFFD"])
      expect(isStorableText(value), JSON.stringify(value)).toBe(true);
  });

  it("refuses NUL and unpaired surrogates wherever they are", () => {
    for (const value of ["\u0000", "a\u0000b", "\uD83D", "x\uD83Dy", "\uDE00", "\uDE00\uD83D"])
      expect(isStorableText(value), JSON.stringify(value)).toBe(false);
  });

  it("replaces each unstorable character with U+FFFD and keeps the rest", () => {
    expect(toStorableText("a\u0000b\uD83Dc\uDE00d😀")).toBe("a\uFFFDb\uFFFDc\uFFFDd😀");
  });

  it("is a string schema whose failure names the field and says what to do", () => {
    const schema = z.object({ title: text().trim().min(1).max(10) });
    expect(schema.parse({ title: "  ok  " })).toEqual({ title: "ok" });
    const result = schema.safeParse({ title: "no\u0000" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ path: ["title"], message: UNSTORABLE_TEXT_MESSAGE }]);
  });
});
