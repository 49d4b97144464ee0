"use client";

import { Eye, Pencil } from "lucide-react";
import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Markdown } from "@/components/markdown";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Banner, Skeleton } from "@/components/ui/feedback";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Tab, TabList, TabPanel, Tabs } from "@/components/ui/tabs";
import { ApiError } from "@/lib/client/fetch-json";
import { useRunbookQuery, useSaveRunbook } from "@/lib/client/runbooks";
import { checklistSteps } from "@/lib/services/runbooks/checklist";
import type { RunbookDetail } from "@/lib/services/runbooks";

const TEMPLATE = `## When this fires

What the alert means and who is affected.

## Checklist

- [ ] Open the service's health page and note the error ratio and latency
- [ ] Check recent deployments; roll back if one lines up
- [ ] Post a status update

## Background

Links to dashboards, owners, past incidents.
`;

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function EditRunbook({ id }: { id: string }) {
  const runbook = useRunbookQuery(id);
  if (runbook.isPending) return <Skeleton className="h-96 w-full" />;
  if (runbook.isError)
    return <Banner title="This runbook could not be loaded.">{runbook.error.message}</Banner>;
  return <RunbookEditor runbook={runbook.data} />;
}

/**
 * Writes a new runbook or a new version of one. Saving sends the version the edit started from, so two
 * people editing at once cannot overwrite each other: the second save is refused and says so.
 */
export function RunbookEditor({
  runbook,
  prefill,
}: {
  runbook?: RunbookDetail;
  prefill?: { service?: string; alert?: string };
}) {
  const router = useRouter();
  const save = useSaveRunbook(runbook?.id ?? null);
  const [title, setTitle] = useState(runbook?.title ?? "");
  const [body, setBody] = useState(runbook?.body ?? TEMPLATE);
  const [services, setServices] = useState(runbook?.services.join(", ") ?? prefill?.service ?? "");
  const [alertNames, setAlertNames] = useState(runbook?.alertNames.join(", ") ?? prefill?.alert ?? "");
  const [tags, setTags] = useState(runbook?.tags.join(", ") ?? "");
  const [ownerTeam, setOwnerTeam] = useState(runbook?.ownerTeam ?? "");
  const [note, setNote] = useState("");
  const [bodyTab, setBodyTab] = useState<"write" | "preview">("write");
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const conflict = save.error instanceof ApiError && save.error.status === 409;
  const steps = checklistSteps(body).length;

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            title,
            body,
            services: list(services),
            alertNames: list(alertNames),
            tags: list(tags),
            ownerTeam: ownerTeam.trim() || null,
            note: note.trim() || undefined,
            ...(runbook && { expectedVersion: runbook.version }),
          },
          { onSuccess: (saved) => router.push(`/runbooks/${saved.id}`) },
        );
      }}
    >
      <div>
        <p className="text-sm">
          <Link
            href={runbook ? `/runbooks/${runbook.id}` : "/runbooks"}
            className="text-zinc-500 hover:underline"
          >
            {runbook ? runbook.title : "Runbooks"}
          </Link>
        </p>
        <h1 className="text-xl font-semibold tracking-tight">
          {runbook ? `Edit runbook (from version ${runbook.version})` : "New runbook"}
        </h1>
      </div>
      {save.error && (
        <Banner title={conflict ? "Someone saved this runbook while you were editing." : save.error.message}>
          {conflict && runbook && (
            <>
              Your text is still here.{" "}
              <Link className="underline" href={`/runbooks/${runbook.id}`} target="_blank">
                Open the latest version
              </Link>{" "}
              in a new tab, merge by hand, then reload this page to edit from it.
            </>
          )}
        </Banner>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Title" errors={fields.title}>
          {(p) => <Input value={title} onChange={(e) => setTitle(e.target.value)} required {...p} />}
        </Field>
        <Field label="Owner team">
          {(p) => (
            <Input
              value={ownerTeam}
              onChange={(e) => setOwnerTeam(e.target.value)}
              placeholder="payments"
              {...p}
            />
          )}
        </Field>
        <Field
          label="Services"
          hint="Comma-separated; the runbook is offered on their pages and incidents."
          errors={fields.services}
        >
          {(p) => (
            <Input
              value={services}
              onChange={(e) => setServices(e.target.value)}
              placeholder="checkout, cart"
              {...p}
            />
          )}
        </Field>
        <Field
          label="Alerts"
          hint="Alert names, comma-separated; the alert links here."
          errors={fields.alertNames}
        >
          {(p) => (
            <Input
              value={alertNames}
              onChange={(e) => setAlertNames(e.target.value)}
              placeholder="HighErrorRatio"
              className="font-mono"
              {...p}
            />
          )}
        </Field>
        <Field label="Tags" errors={fields.tags}>
          {(p) => (
            <Input
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              placeholder="database, rollback"
              {...p}
            />
          )}
        </Field>
        {runbook && (
          <Field label="What changed" hint="Shown in the history.">
            {(p) => (
              <Input
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder="Added the cache flush step"
                {...p}
              />
            )}
          </Field>
        )}
      </div>
      <Card>
        <Tabs value={bodyTab} onValueChange={setBodyTab}>
          <TabList
            label="Body"
            className="px-2"
            end={
              <span className="text-xs text-zinc-500">
                {steps
                  ? `${steps} checklist steps (“- [ ] …”)`
                  : "Markdown; “- [ ] step” lines become an incident checklist"}
              </span>
            }
          >
            <Tab value="write">
              <Pencil className="size-3.5" aria-hidden /> Write
            </Tab>
            <Tab value="preview">
              <Eye className="size-3.5" aria-hidden /> Preview
            </Tab>
          </TabList>
          <TabPanel value="write" tabIndex={-1}>
            <label htmlFor="runbook-body" className="sr-only">
              Runbook body (Markdown)
            </label>
            <Textarea
              id="runbook-body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              aria-invalid={Boolean(fields.body)}
              // The card is the editor's frame: no border or background of its own.
              className="min-h-96 resize-y rounded-none border-0 bg-transparent p-4 font-mono outline-none dark:bg-transparent"
              spellCheck
            />
          </TabPanel>
          <TabPanel value="preview" className="min-h-96 p-4">
            {body.trim() ? (
              <Markdown>{body}</Markdown>
            ) : (
              <p className="text-sm text-zinc-500">Nothing to preview.</p>
            )}
          </TabPanel>
        </Tabs>
      </Card>
      {fields.body && (
        <p role="alert" className="text-sm text-red-600">
          {fields.body.join(" ")}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Link
          href={runbook ? `/runbooks/${runbook.id}` : "/runbooks"}
          className="inline-flex h-9 items-center rounded-md px-3 text-sm hover:bg-zinc-200/70 dark:hover:bg-zinc-800"
        >
          Cancel
        </Link>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {runbook ? `Save as version ${runbook.version + 1}` : "Create runbook"}
        </Button>
      </div>
    </form>
  );
}
