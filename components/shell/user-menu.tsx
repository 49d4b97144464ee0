"use client";

import { LogOut, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/feedback";
import { Link } from "@/components/ui/link";
import { leaveSession } from "@/lib/client/fetch-json";

export function UserMenu({ email, name, role }: { email: string; name: string | null; role: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <Link
        href="/account"
        title="Your account: password and time preferences"
        className="flex items-center gap-2 rounded-md px-1.5 py-0.5 hover:bg-zinc-200/70 dark:hover:bg-zinc-800"
      >
        <UserRound className="size-4 text-zinc-500 sm:hidden" aria-hidden />
        <span className="sr-only sm:hidden">Account</span>
        <span className="hidden text-right leading-tight sm:block">
          <span className="block text-sm font-medium" data-testid="current-user">
            {name ?? email}
          </span>
          <span className="block text-xs text-zinc-500">{name ? email : null}</span>
        </span>
      </Link>
      <Badge tone="info">{role}</Badge>
      <Button
        variant="ghost"
        size="sm"
        busy={busy}
        onClick={() => {
          setBusy(true);
          leaveSession();
          void signOut({ callbackUrl: "/signin?signedOut=1" });
        }}
      >
        <LogOut className="size-4" aria-hidden />
        Sign out
      </Button>
    </div>
  );
}
