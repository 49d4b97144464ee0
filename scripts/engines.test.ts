import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<
    string,
    { version?: string; engines?: { node?: string } | string[]; dependencies?: Record<string, string> }
  >;
};

/**
 * Installed with Opsdeck but never run by it, so their engines do not bound Opsdeck's: each with the one
 * package that brings it in. @prisma/streams-local is the event-stream server of `prisma dev` (Prisma's
 * local Postgres; Opsdeck has its own embedded PostgreSQL), and needs Node 22: npm warns EBADENGINE on 20.
 */
const NOT_RUN = { "@prisma/streams-local": "@prisma/dev" };

/** The oldest release of each Node line the range admits: 20.19.0, 22.13.0, 24.0.0. */
function oldestOfEachLine(range: string): string[] {
  return range.split("||").map((part) => semver.minVersion(part.trim())!.version);
}

describe("the Node.js versions Opsdeck supports", () => {
  const supported = oldestOfEachLine(pkg.engines.node);

  it("are the LTS lines every package supports, from 20.19", () => {
    expect(supported).toEqual(["20.19.0", "22.13.0", "24.0.0"]);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it("are what every package Opsdeck runs declares it needs", () => {
    const refusing = Object.entries(lock.packages).flatMap(([where, info]) => {
      const range = !Array.isArray(info.engines) ? info.engines?.node : undefined;
      const name = where.replace(/^.*node_modules\//, "");
      // Optional packages of other platforms (sharp for Windows, WebAssembly builds) are not installed here.
      if (!where || !range || name in NOT_RUN || !existsSync(path.join(ROOT, where))) return [];
      const refused = supported.filter((version) => !semver.satisfies(version, range));
      return refused.length ? [`${name}@${info.version} needs node ${range}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it("leave out only packages that nothing but the named tool brings in", () => {
    for (const [name, only] of Object.entries(NOT_RUN)) {
      const dependents = Object.entries(lock.packages)
        .filter(([, info]) => info.dependencies && name in info.dependencies)
        .map(([where]) => where.replace(/^.*node_modules\//, ""));
      expect(dependents).toEqual([only]);
    }
  });

  it("are the ones the README states", () => {
    expect(read("README.md")).toContain(
      "Needs Node.js 20.19 or newer on 20, 22.13 or newer on 22, or 24 and later",
    );
  });
});
