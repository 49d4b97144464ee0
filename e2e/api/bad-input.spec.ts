// Bad input gets a clear error with the right status, and nothing is written.
import { expect, test } from "@playwright/test";
import { apiAs, uniqueEmail } from "../support/fixtures";

test.describe("bad input", () => {
  test("malformed, mistyped and oversize bodies are refused before anything is written", async () => {
    const admin = await apiAs("admin");
    const before = ((await (await admin.get("/api/users")).json()) as { users: unknown[] }).users.length;
    const email = uniqueEmail("bad");

    const malformed = await admin.post("/api/users", {
      headers: { "content-type": "application/json" },
      data: Buffer.from('{"email": '),
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/not valid JSON/);

    const wrongType = await admin.post("/api/users", {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(`email=${email}`),
    });
    expect(wrongType.status()).toBe(415);

    const huge = await admin.post("/api/users", {
      data: { email, role: "viewer", name: "x".repeat(100_000) },
    });
    expect(huge.status()).toBe(413);

    const invalid = await admin.post("/api/users", { data: { email: "nope", role: "emperor" } });
    expect(invalid.status()).toBe(422);
    const body = await invalid.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "role"]);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);

    const after = ((await (await admin.get("/api/users")).json()) as { users: unknown[] }).users.length;
    expect(after).toBe(before);
    await admin.dispose();
  });

  test("unknown ids are 404 whether malformed or absent", async () => {
    const admin = await apiAs("admin");
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const response = await admin.patch(`/api/users/${id}`, { data: { role: "viewer" } });
      expect(response.status()).toBe(404);
    }
    await admin.dispose();
  });

  test("unknown API paths answer JSON 404, unknown pages the 404 page", async ({ page }) => {
    const anonymous = await apiAs("anonymous");
    const api = await anonymous.get("/api/does/not/exist");
    expect(api.status()).toBe(404);
    const { error } = await api.json();
    expect(error.message).toContain("/api/does/not/exist");
    expect(error).toMatchObject({ code: "not_found", requestId: api.headers()["x-request-id"] });
    expect(error.requestId).toBeTruthy();
    const signedIn = await apiAs("viewer");
    const pageResponse = await signedIn.get("/no/such/page");
    expect(pageResponse.status()).toBe(404);
    await anonymous.dispose();
    await signedIn.dispose();
    void page;
  });

  test("audit filters are validated", async () => {
    const admin = await apiAs("admin");
    const response = await admin.get("/api/audit?from=yesterday&before=abc");
    expect(response.status()).toBe(422);
    expect(Object.keys((await response.json()).error.fields).sort()).toEqual(["before", "from"]);
    await admin.dispose();
  });
});
