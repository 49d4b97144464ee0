import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { cliContext } from "@/lib/services/context";
import { contextFor } from "@/tests/support/actors";
import { importRunbooks, parseRunbookFile } from "./import";

const file = (name: string, front: string, body: string) => ({
  path: name,
  text: `---\n${front}\n---\n\n${body}`,
});

describe("runbook import", () => {
  it("parses the front matter with the API's rules and reports bad files by name", () => {
    expect(
      parseRunbookFile(
        file("a.md", "title: ' Disk full '\nalerts: [DiskFull]\nowner: storage", "- [ ] free space\n"),
      ),
    ).toEqual({
      title: "Disk full",
      body: "- [ ] free space\n",
      services: [],
      alertNames: ["DiskFull"],
      tags: [],
      ownerTeam: "storage",
    });
    expect(() => parseRunbookFile({ path: "b.md", text: "# no front matter" })).toThrow(
      /b\.md: start the file/,
    );
    expect(() => parseRunbookFile(file("c.md", "title: [unclosed", ""))).toThrow(
      /c\.md: the front matter is not valid YAML/,
    );
    expect(() => parseRunbookFile(file("d.md", "title: ok\nalert: [Typo]", ""))).toThrow(/d\.md: .*alert/);
    expect(() => parseRunbookFile(file("e.md", "title: x", ""))).toThrow(
      /e\.md: title: Give the runbook a title/,
    );
  });

  it("creates, leaves unchanged and updates by title; a bad file stops the import before any write", async () => {
    const ctx = cliContext();
    const first = await importRunbooks(ctx, [
      file("disk.md", "title: Disk full\nservices: [db]", "Free space.\n"),
    ]);
    expect(first).toEqual([{ path: "disk.md", title: "Disk full", result: "created", version: 1 }]);
    expect(
      await importRunbooks(ctx, [file("disk.md", "title: Disk full\nservices: [db]", "Free space.\n")]),
    ).toMatchObject([{ result: "unchanged", version: 1 }]);
    expect(
      await importRunbooks(ctx, [
        file("disk.md", "title: disk FULL\nservices: [db]", "Free space, then page storage.\n"),
      ]),
    ).toMatchObject([{ result: "updated", version: 2, title: "disk FULL" }]);
    const versions = await db().runbookVersion.findMany({
      where: { title: { in: ["Disk full", "disk FULL"] } },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => [v.version, v.note, v.authorEmail.startsWith("cli:")])).toEqual([
      [1, "Imported from disk.md", true],
      [2, "Imported from disk.md", true],
    ]);

    const before = await db().runbook.count();
    await expect(
      importRunbooks(ctx, [
        file("new.md", "title: Brand new", "x"),
        { path: "broken.md", text: "no front matter" },
      ]),
    ).rejects.toThrow(ValidationError);
    expect(await db().runbook.count()).toBe(before);
  });

  it("needs the right to write runbooks", async () => {
    await expect(
      importRunbooks(await contextFor("viewer"), [file("v.md", "title: Viewer's", "x")]),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("imports the demo fleet's runbooks", async () => {
    const dir = path.resolve(import.meta.dirname, "../../../stack/runbooks");
    const files = readdirSync(dir).map((f) => ({ path: f, text: readFileSync(path.join(dir, f), "utf8") }));
    const outcomes = await importRunbooks(cliContext(), files);
    expect(outcomes.length).toBeGreaterThanOrEqual(4);
    expect(outcomes.every((o) => o.result === "created")).toBe(true);
    const runbook = await db().runbook.findFirstOrThrow({
      where: { alertNames: { has: "HighErrorRatio" }, services: { isEmpty: true } },
    });
    expect(runbook.body).toContain("- [ ] ");
  });
});
