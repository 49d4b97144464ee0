import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { search } from "@/lib/services/search";
import { contextFor } from "@/tests/support/actors";
import { createRunbook, diffRunbook, getRunbook, listRunbooks, restoreRunbook, updateRunbook } from ".";

describe("runbooks", () => {
  it("keep every edit as a version, diff and restore them, and refuse stale edits", async () => {
    const responder = await contextFor("responder");
    const created = await createRunbook(responder, {
      title: "Inventory latency",
      body: "Step one\nStep two\n",
      services: ["inventory"],
    });
    expect(created.version).toBe(1);
    const edited = await updateRunbook(responder, created.id, {
      title: "Inventory latency",
      body: "Step one\nStep 2, better\n",
      services: ["inventory"],
      expectedVersion: 1,
      note: "clearer",
    });
    expect(edited.version).toBe(2);
    await expect(
      updateRunbook(responder, created.id, { title: "Inventory latency", body: "x", expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ConflictError);

    const diff = await diffRunbook(responder, created.id, { from: "1", to: "2" });
    expect(diff.parts.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["Step two\n"]);
    expect(diff.parts.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["Step 2, better\n"]);

    // Revisions come from the URL: anything but a whole number a revision can be is invalid, not a 500.
    for (const from of ["abc", "NaN", "1e20", "99999999999", "", "0", "-1", "1.5", "Infinity"]) {
      const refused = await diffRunbook(responder, created.id, { from, to: "2" }).catch((e: unknown) => e);
      expect(refused, from).toBeInstanceOf(ValidationError);
      expect(Object.keys((refused as ValidationError).fields), from).toEqual(["from"]);
    }
    await expect(diffRunbook(responder, created.id, { from: "1", to: "7" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // Found by the fuzz stage: a version beyond PostgreSQL's integer reached the query (500).
    for (const change of [
      updateRunbook(responder, created.id, { title: "T", body: "", expectedVersion: 9007199254740990 }),
      restoreRunbook(responder, created.id, { version: 2 ** 31, expectedVersion: 2 }),
    ])
      await expect(change).rejects.toBeInstanceOf(ValidationError);

    const restored = await restoreRunbook(responder, created.id, { version: 1, expectedVersion: 2 });
    expect(restored).toMatchObject({ version: 3, body: "Step one\nStep two\n" });
    expect(restored.versions.map((v) => [v.version, v.note])).toEqual([
      [3, "Restored version 1"],
      [2, "clearer"],
      [1, "Created"],
    ]);
    const viewer = await contextFor("viewer");
    expect((await getRunbook(viewer, created.id)).version).toBe(3);
    await expect(
      updateRunbook(viewer, created.id, { title: "x", body: "x", expectedVersion: 3 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("list the runbook matching an alert and a service first", async () => {
    const responder = await contextFor("responder");
    await createRunbook(responder, { title: "AAA general", body: "", services: [] });
    const byService = await createRunbook(responder, {
      title: "BBB checkout",
      body: "",
      services: ["checkout"],
    });
    const byAlert = await createRunbook(responder, {
      title: "CCC high errors",
      body: "",
      alertNames: ["HighErrorRatio"],
      services: ["checkout"],
    });
    const list = await listRunbooks(responder, { alert: "HighErrorRatio", service: "checkout" });
    expect(list[0]!.id).toBe(byAlert.id);
    expect(list[0]!.matches).toEqual(["alert", "service"]);
    expect(list[1]!.id).toBe(byService.id);
  });

  it("are found by full-text search with the matching words marked", async () => {
    const responder = await contextFor("responder");
    await createRunbook(responder, {
      title: "Certificate renewal",
      body: "When the TLS certificate expires, renew it with certbot and reload nginx.",
      services: [],
    });
    const { results } = await search(responder, { q: "certificates expiring" });
    const hit = results.find((h) => h.title === "Certificate renewal")!;
    expect(hit.kind).toBe("runbook");
    expect(hit.snippet).toContain("\u0001certificate\u0002");
    expect(hit.snippet).toContain("\u0001expires\u0002");
  });
});
