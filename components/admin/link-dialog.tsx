"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useTimeFormat } from "@/components/shell/time-format";

/** Shows a one-time link once; it is never stored in clear, so it cannot be shown again. */
export function LinkDialog({
  link,
  onClose,
}: {
  link: { email: string; url: string; expiresAt: string } | null;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const formatTime = useTimeFormat();
  return (
    <Dialog
      open={link !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={`Link for ${link?.email ?? ""}`}
      description={`Send it to them privately. It works once, until ${link ? formatTime.dateTimeMinutes(link.expiresAt) : ""}, and cannot be shown again.`}
    >
      <div className="flex gap-2">
        <label className="sr-only" htmlFor="one-time-link">
          One-time link
        </label>
        <Input
          id="one-time-link"
          readOnly
          value={link?.url ?? ""}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="one-time-link"
        />
        <Button
          onClick={async () => {
            await navigator.clipboard?.writeText(link?.url ?? "").catch(() => undefined);
            setCopied(true);
          }}
          aria-label="Copy link"
        >
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
        </Button>
      </div>
      <div className="mt-4 flex justify-end">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Dialog>
  );
}
