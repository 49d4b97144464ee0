"use client";

import { BellPlus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Badge, Banner, EmptyState, Skeleton } from "@/components/ui/feedback";
import { NotConfigured } from "@/components/ui/not-configured";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useExpireSilence, useSilencesQuery } from "@/lib/client/alerts";
import type { SilenceView } from "@/lib/services/alerts";
import type { NotConfiguredView } from "@/lib/services/connections/schemas";
import { AlertTabs } from "./alert-tabs";
import { SilenceDialog } from "./silence-dialog";
import { Time } from "@/components/shell/time-format";

const matcherText = (s: SilenceView) =>
  s.matchers
    .map((m) => `${m.name}${m.isEqual ? "" : "!"}${m.isRegex ? "=~" : m.isEqual ? "=" : "="}"${m.value}"`)
    .join(", ");
const TONE = { active: "warn", pending: "info", expired: "neutral" } as const;

/** `notConfigured`: Alertmanager is not configured, so the page says so instead of asking. */
export function SilencesPage({
  canSilence,
  notConfigured,
}: {
  canSilence: boolean;
  notConfigured: NotConfiguredView | null;
}) {
  const silences = useSilencesQuery(!notConfigured);
  const expire = useExpireSilence();
  const [creating, setCreating] = useState(false);
  const [expiring, setExpiring] = useState<SilenceView | null>(null);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Silences mute notifications for matching alerts until they end. Acknowledgements are short silences."
        actions={
          canSilence &&
          !notConfigured && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <BellPlus className="size-4" aria-hidden /> New silence
            </Button>
          )
        }
      />
      <AlertTabs />
      {notConfigured && <NotConfigured {...notConfigured} />}
      {silences.isError && <Banner title="Silences could not be loaded.">{silences.error.message}</Banner>}
      {expire.error && (
        <div className="mb-3">
          <Banner title={expire.error.message} />
        </div>
      )}
      {silences.isLoading && <Skeleton className="h-40 w-full" />}
      {silences.data?.length === 0 && (
        <EmptyState title="No silences">Silence an alert from the Alerts tab, or create one here.</EmptyState>
      )}
      {silences.data && silences.data.length > 0 && (
        <Table>
          <TableHeader>
            <TableHead>State</TableHead>
            <TableHead>Matchers</TableHead>
            <TableHead>Why</TableHead>
            <TableHead>By</TableHead>
            <TableHead>Ends</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableHeader>
          <TableBody>
            {silences.data.map((s) => (
              <TableRow key={s.id} data-testid={`silence-${s.id}`}>
                <TableCell>
                  <Badge tone={TONE[s.state]}>{s.isAck ? `ack · ${s.state}` : s.state}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{matcherText(s)}</TableCell>
                <TableCell>{s.comment}</TableCell>
                <TableCell>{s.createdBy}</TableCell>
                <TableCell className="whitespace-nowrap" title={s.endsAt}>
                  <Time at={s.endsAt} dateTime />
                </TableCell>
                <TableCell align="right">
                  {canSilence && s.state !== "expired" && (
                    <Button size="sm" onClick={() => setExpiring(s)}>
                      Expire
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {creating && <SilenceDialog open onOpenChange={setCreating} title="New silence" initialMatchers={[]} />}
      <ConfirmDialog
        open={expiring !== null}
        onOpenChange={(o) => !o && setExpiring(null)}
        title={`Expire the silence on ${expiring ? matcherText(expiring) : ""}?`}
        description="Alerts it mutes notify again at once."
        confirmLabel="Expire silence"
        busy={expire.isPending}
        onConfirm={() => expiring && expire.mutate(expiring.id, { onSettled: () => setExpiring(null) })}
      />
    </>
  );
}
