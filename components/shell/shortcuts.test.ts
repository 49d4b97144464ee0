import { describe, expect, it } from "vitest";
import { globalShortcut, keyLabel, matchesShortcut, SHORTCUTS } from "./shortcuts";

const key = (k: string, mods: Partial<{ metaKey: boolean; ctrlKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  metaKey: false,
  ctrlKey: false,
  altKey: false,
  ...mods,
});

describe("keyboard shortcuts", () => {
  it("opens the palette with Ctrl-K, Cmd-K and /, and the shortcuts with ?", () => {
    expect(globalShortcut(key("k", { ctrlKey: true }), false)).toBe("palette.open");
    expect(globalShortcut(key("K", { metaKey: true }), false)).toBe("palette.open");
    expect(globalShortcut(key("/"), false)).toBe("palette.open");
    expect(globalShortcut(key("?"), false)).toBe("shortcuts.open");
  });

  it("leaves / and ? to a field being typed in, but not Ctrl-K", () => {
    expect(globalShortcut(key("/"), true)).toBeNull();
    expect(globalShortcut(key("?"), true)).toBeNull();
    expect(globalShortcut(key("k", { ctrlKey: true }), true)).toBe("palette.open");
  });

  it("does not take keys with other modifiers or plain letters", () => {
    expect(globalShortcut(key("k"), false)).toBeNull();
    expect(globalShortcut(key("/", { ctrlKey: true }), false)).toBeNull();
    expect(globalShortcut(key("k", { ctrlKey: true, altKey: true }), false)).toBeNull();
  });

  it("matches the Explore editor's run key with either modifier only", () => {
    expect(matchesShortcut("explore.run", key("Enter", { metaKey: true }))).toBe(true);
    expect(matchesShortcut("explore.run", key("Enter", { ctrlKey: true }))).toBe(true);
    expect(matchesShortcut("explore.run", key("Enter"))).toBe(false);
  });

  it("writes the modifier as the person's system does, and lists each shortcut once", () => {
    expect(keyLabel("Mod", true)).toBe("⌘");
    expect(keyLabel("Mod", false)).toBe("Ctrl");
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
