// Runbooks as code: Markdown files with a YAML front matter, imported (or re-imported) by the CLI so a
// team can keep its runbooks in a repository and review them like code. A file updates the runbook of
// the same title; an unchanged file changes nothing, so re-running an import is safe.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { createRunbook, updateRunbook } from ".";
import { runbookInput } from "./schemas";

const frontMatter = z
  .object({
    title: text(),
    services: z.array(text()).optional(),
    alerts: z.array(text()).optional(),
    tags: z.array(text()).optional(),
    owner: text().optional(),
  })
  .strict();

export type RunbookFile = { path: string; text: string };

/** Splits `---\nyaml\n---\nbody` into the validated front matter and the Markdown body. */
export function parseRunbookFile(file: RunbookFile) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(file.text);
  if (!match)
    throw new ValidationError(
      {},
      `${file.path}: start the file with a front matter block (--- title: … ---).`,
    );
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    throw new ValidationError(
      {},
      `${file.path}: the front matter is not valid YAML (${(error as Error).message}).`,
    );
  }
  const parsed = frontMatter.safeParse(data);
  if (!parsed.success)
    throw new ValidationError(
      {},
      `${file.path}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "front matter"}: ${i.message}`).join("; ")}`,
    );
  const meta = parsed.data;
  // The same rules as the API, so what is compared with the stored runbook is what would be stored.
  const fields = runbookInput.omit({ note: true }).safeParse({
    title: meta.title,
    body: match[2]!.replace(/^\s*\n/, ""),
    services: meta.services ?? [],
    alertNames: meta.alerts ?? [],
    tags: meta.tags ?? [],
    ownerTeam: meta.owner ?? null,
  });
  if (!fields.success)
    throw new ValidationError(
      {},
      `${file.path}: ${fields.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return fields.data;
}

export type ImportOutcome = {
  path: string;
  title: string;
  result: "created" | "updated" | "unchanged";
  version: number;
};

export async function importRunbooks(ctx: ServiceContext, files: RunbookFile[]): Promise<ImportOutcome[]> {
  authorize(ctx, "runbooks:write");
  // Parse everything first: one bad file stops the import before anything is written.
  const parsed = files.map((f) => ({ path: f.path, fields: parseRunbookFile(f) }));
  const outcomes: ImportOutcome[] = [];
  for (const { path, fields } of parsed) {
    const existing = await db().runbook.findMany({
      where: { title: { equals: fields.title, mode: "insensitive" } },
      take: 2,
    });
    if (existing.length > 1)
      throw new ValidationError(
        {},
        `${path}: ${existing.length}+ runbooks are titled “${fields.title}”; rename one so the import knows which to update.`,
      );
    const current = existing[0];
    if (!current) {
      const created = await createRunbook(ctx, { ...fields, note: `Imported from ${path}` });
      outcomes.push({ path, title: created.title, result: "created", version: created.version });
      continue;
    }
    const same =
      current.title === fields.title &&
      current.body === fields.body &&
      current.ownerTeam === fields.ownerTeam &&
      [current.services, current.alertNames, current.tags].every(
        (list, i) =>
          JSON.stringify(list) === JSON.stringify([fields.services, fields.alertNames, fields.tags][i]),
      );
    if (same) {
      outcomes.push({ path, title: current.title, result: "unchanged", version: current.version });
      continue;
    }
    const updated = await updateRunbook(ctx, current.id, {
      ...fields,
      expectedVersion: current.version,
      note: `Imported from ${path}`,
    });
    outcomes.push({ path, title: updated.title, result: "updated", version: updated.version });
  }
  return outcomes;
}
