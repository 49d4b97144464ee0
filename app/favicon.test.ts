import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../proxy";

const publicFile = (name: string) => readFileSync(path.join(import.meta.dirname, "..", "public", name));

// Browsers ask for /favicon.ico on every page whatever the page links to; it used to answer 404.
describe("/favicon.ico", () => {
  it("is an icon file in public/, as the root layout links it", () => {
    const ico = publicFile("favicon.ico");
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect(ico.subarray(22, 26).toString("latin1")).toBe("\x89PNG");
    expect(publicFile("icon.svg").toString()).toContain("<svg");
  });

  it("is served without a session: the proxy does not send it to sign-in", () => {
    const pattern = new RegExp(`^${config.matcher[0]!}$`);
    expect(pattern.test("/favicon.ico")).toBe(false);
    expect(pattern.test("/icon.svg")).toBe(false);
    expect(pattern.test("/incidents")).toBe(true);
  });
});
