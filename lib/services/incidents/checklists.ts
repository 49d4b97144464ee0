// Runbook checklists inside an incident: starting one copies the runbook's task items (so later edits
// of the runbook leave a running checklist alone), and every ticked or unticked step is in the timeline.
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { checklistSteps } from "@/lib/services/runbooks/checklist";
import { checkStepInput, startChecklistInput } from "./schemas";
import { addTimeline, mutateIncident, touch } from "./store";
import { loadView, type IncidentDetail } from "./views";

export function startChecklist(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.start_checklist", input: startChecklistInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const runbook = await tx.runbook.findUnique({ where: { id: input.runbookId } });
      if (!runbook) throw new NotFoundError("No such runbook.");
      const steps = checklistSteps(runbook.body);
      if (!steps.length)
        throw new ValidationError({
          runbookId: ["This runbook has no checklist (task-list items such as “- [ ] Check the dashboard”)."],
        });
      const run = await tx.checklistRun.create({
        data: {
          incidentId: incident.id,
          runbookId: runbook.id,
          runbookVersion: runbook.version,
          title: runbook.title,
          startedById: actor.userId,
          startedByEmail: actor.email,
          steps: { create: steps.map((text, position) => ({ position, text })) },
        },
      });
      audit.params = { runbookId: runbook.id, runbookVersion: runbook.version, steps: steps.length };
      await addTimeline(tx, incident.id, actor, {
        kind: "checklist_started",
        body: `Started the checklist of “${runbook.title}” (${steps.length} steps)`,
        data: { runId: run.id, runbookId: runbook.id },
      });
      await touch(tx, incident.id);
      return loadView(tx, incident.id);
    },
  );
}

export function checkStep(ctx: ServiceContext, ref: string, raw: unknown): Promise<IncidentDetail> {
  return mutateIncident(
    ctx,
    ref,
    { action: "incident.check_step", input: checkStepInput },
    raw,
    async (tx, input, actor, audit, incident) => {
      const step = await tx.checklistStep.findFirst({
        where: { id: input.stepId, run: { incidentId: incident.id } },
        include: { run: true },
      });
      if (!step) throw new NotFoundError("No such checklist step.");
      if (Boolean(step.checkedAt) !== input.checked) {
        await tx.checklistStep.update({
          where: { id: step.id },
          data: input.checked
            ? { checkedAt: new Date(), checkedById: actor.userId, checkedByEmail: actor.email }
            : { checkedAt: null, checkedById: null, checkedByEmail: null },
        });
        await addTimeline(tx, incident.id, actor, {
          kind: "checklist_step",
          body: `${input.checked ? "Done" : "Undone"}: ${step.text} (${step.run.title}, step ${step.position + 1})`,
          data: { runId: step.runId, stepId: step.id, checked: input.checked },
        });
        await touch(tx, incident.id);
      }
      return loadView(tx, incident.id);
    },
  );
}
