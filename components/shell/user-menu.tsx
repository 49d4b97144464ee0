"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/feedback";

export function UserMenu({ email, name, role }: { email: string; name: string | null; role: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <div className="hidden text-right leading-tight sm:block">
        <p className="text-sm font-medium" data-testid="current-user">
          {name ?? email}
        </p>
        <p className="text-xs text-zinc-500">{name ? email : null}</p>
      </div>
      <Badge tone="info">{role}</Badge>
      <Button
        variant="ghost"
        size="sm"
        busy={busy}
        onClick={() => {
          setBusy(true);
          void signOut({ callbackUrl: "/signin?signedOut=1" });
        }}
      >
        <LogOut className="size-4" aria-hidden />
        Sign out
      </Button>
    </div>
  );
}
