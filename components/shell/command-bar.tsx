"use client";

import { Search } from "lucide-react";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { CommandPalette } from "@/components/search/command-palette";
import type { Permission } from "@/lib/auth/permissions";
import { globalShortcut, shortcut } from "./shortcuts";
import { Keys, ShortcutsDialog } from "./shortcuts-dialog";

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

const noSubscription = () => () => {};
/** ⌘ on Apple systems; the server and the first render say Ctrl, then the browser knows. */
function useApple(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => /Mac|iPhone|iPad/.test(navigator.platform),
    () => false,
  );
}

/**
 * The top bar's search: a button that opens the command palette, and the global keys (Ctrl/Cmd-K and "/"
 * for the palette, "?" for the shortcuts), matched against the one list of shortcuts.
 */
export function CommandBar({ permissions }: { permissions: readonly Permission[] }) {
  const [open, setOpen] = useState<"palette" | "shortcuts" | null>(null);
  const apple = useApple();
  const trigger = useRef<HTMLButtonElement>(null);
  // Where focus goes back to when the palette closes: what had it when the palette opened, or the search
  // button when nothing had (a shortcut pressed on the page itself).
  const returnTo = useRef<HTMLElement | null>(null);
  const remember = () => {
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : trigger.current;
  };
  const restoreFocus = (event: Event) => {
    event.preventDefault();
    (returnTo.current?.isConnected ? returnTo.current : trigger.current)?.focus();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const id = globalShortcut(e, typingIn(e.target));
      if (!id) return;
      e.preventDefault();
      remember();
      setOpen((was) => {
        const wanted = id === "palette.open" ? "palette" : "shortcuts";
        // Ctrl-K again closes the palette, as in other tools.
        return was === wanted && id === "palette.open" ? null : wanted;
      });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={() => {
          remember();
          setOpen("palette");
        }}
        aria-keyshortcuts="Control+K Meta+K /"
        className="relative mr-auto flex h-8 w-full max-w-xs items-center gap-2 rounded-md border border-zinc-300 bg-white px-2.5 text-left text-sm text-zinc-400 hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-600"
      >
        <Search className="size-4 shrink-0" aria-hidden />
        <span className="flex-1 truncate">Search or jump to…</span>
        <span className="flex items-center gap-1" aria-hidden>
          <Keys keys={shortcut("palette.open").keys.slice(0, 1)} apple={apple} />
        </span>
      </button>
      <CommandPalette
        open={open === "palette"}
        onOpenChange={(o) => setOpen(o ? "palette" : null)}
        onCloseAutoFocus={restoreFocus}
        permissions={permissions}
      />
      <ShortcutsDialog
        open={open === "shortcuts"}
        onOpenChange={(o) => setOpen(o ? "shortcuts" : null)}
        apple={apple}
      />
    </>
  );
}
