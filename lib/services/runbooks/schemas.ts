import { z } from "zod";
import { text } from "@/lib/validation/text";
import { wholeNumber, wholeNumberText } from "@/lib/validation/whole-number";

const names = z.array(text().trim().min(1).max(200)).max(50);

export const runbookInput = z.object({
  title: text().trim().min(3, "Give the runbook a title of at least 3 characters.").max(200),
  body: text().max(200_000, "Keep runbooks under 200,000 characters."),
  services: names.default([]),
  alertNames: names.default([]),
  tags: names.default([]),
  ownerTeam: text().trim().max(200).nullable().default(null),
  note: text().trim().max(500).optional(),
});

export const updateRunbookInput = runbookInput.extend({ expectedVersion: wholeNumber(1) });

export const restoreRunbookInput = z.object({
  version: wholeNumber(1),
  expectedVersion: wholeNumber(1),
});

export const runbookListInput = z.object({
  q: text().trim().max(200).optional(),
  alert: text().trim().max(200).optional(),
  service: text().trim().max(200).optional(),
});

/** Two versions to compare, as the diff's URL gives them (`?from=1&to=3`). */
export const runbookDiffInput = z.object({
  from: wholeNumberText(1),
  to: wholeNumberText(1),
});
