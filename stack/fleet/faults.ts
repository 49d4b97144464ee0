// Fault knobs of a demo service, turned over HTTP (PUT /admin/faults) by tests and the demo.
import { z } from "zod";

export const faultsSchema = z
  .object({
    /** Share of requests answered with 500, 0 to 1. */
    errorRate: z.number().min(0).max(1),
    /** Extra latency added to every request. */
    latencyMs: z.number().int().min(0).max(60_000),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = { errorRate: 0, latencyMs: 0 };
