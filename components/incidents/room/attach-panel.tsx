"use client";

import { Link2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, FormError } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useAttach } from "@/lib/client/incidents";

/** Attaches a trace (by its id) or a link to the timeline. */
export function AttachPanel({ incidentRef }: { incidentRef: string }) {
  const attach = useAttach(incidentRef);
  const [value, setValue] = useState("");
  const [title, setTitle] = useState("");
  const isTrace = /^[0-9a-f]{16,32}$/.test(value.trim());
  return (
    <Panel title="Attach a trace or a link">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const input = isTrace
            ? { kind: "trace" as const, traceId: value.trim() }
            : { kind: "link" as const, url: value.trim(), title: title || value.trim() };
          attach.mutate(input, {
            onSuccess: () => {
              setValue("");
              setTitle("");
            },
          });
        }}
      >
        <Input
          aria-label="Trace id or URL"
          placeholder="trace id, or https://…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {!isTrace && value && (
          <Input
            aria-label="Link title"
            placeholder="What is it?"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
        <div className="flex items-center justify-between">
          {isTrace ? <Badge tone="info">trace</Badge> : <span />}
          <Button type="submit" size="sm" busy={attach.isPending} disabled={!value.trim()}>
            <Link2 className="size-3.5" aria-hidden /> Attach
          </Button>
        </div>
        <FormError error={attach.error} />
      </form>
    </Panel>
  );
}
