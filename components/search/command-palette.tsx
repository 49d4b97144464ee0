"use client";

import { Dialog } from "radix-ui";
import { Loader2, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Skeleton } from "@/components/ui/feedback";
import { cn } from "@/components/ui/cn";
import type { Permission } from "@/lib/auth/permissions";
import { KIND_PERMISSIONS, type SearchResult } from "@/lib/services/search/schemas";
import { readRecent, recentKey, rememberPick, type RecentPick } from "./recent";
import { ResultSummary, TroubledSources } from "./result-parts";
import { useSearchResults } from "./use-search-results";

type Option = { key: string; href: string; result: SearchResult | null; label: string };

/**
 * The command palette (Ctrl/Cmd-K or "/"): services, alerts, deployments, incidents, runbooks, a pasted
 * trace id and the pages, grouped by kind. A combobox over a listbox (the ARIA pattern): focus stays in
 * the field, ↑/↓ move the selection, Enter opens it, Esc closes and focus returns where it was.
 */
export function CommandPalette({
  open,
  onOpenChange,
  onCloseAutoFocus,
  permissions,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when it closes (Radix's default is what had focus when it opened). */
  onCloseAutoFocus?: (event: Event) => void;
  permissions: readonly Permission[];
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 backdrop-blur-[1px]" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={onCloseAutoFocus}
          className="fixed top-[12vh] left-1/2 z-50 flex max-h-[70vh] w-[min(94vw,40rem)] -translate-x-1/2 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Dialog.Title className="sr-only">Search or jump to</Dialog.Title>
          {/* Mounted only while open, so each opening starts empty with the latest recent picks. */}
          <PaletteBody permissions={permissions} onDone={() => onOpenChange(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteBody({ permissions, onDone }: { permissions: readonly Permission[]; onDone: () => void }) {
  const router = useRouter();
  const listId = useId();
  const [query, setQuery] = useState("");
  // A pick of a kind the role no longer reads (its role changed) is not offered again.
  const [recent] = useState<RecentPick[]>(() =>
    readRecent().filter((r) => r.kind === "page" || permissions.includes(KIND_PERMISSIONS[r.kind])),
  );
  const [activeKey, setActiveKey] = useState<string | null>(null);
  // Enter pressed before the answer to what is typed: it opens the top result of that answer, not of
  // an older one still on screen (or "All results" when there is none).
  const enterPending = useRef(false);
  const { groups, troubled, searching, error, answered } = useSearchResults(query, {
    limit: 5,
    permissions,
    recent,
  });
  const q = query.trim();

  const sections: { label: string; options: Option[] }[] = [];
  if (!q && recent.length) {
    sections.push({
      label: "Recent",
      options: recent.map((r) => ({
        key: `recent:${recentKey(r)}`,
        href: r.href,
        label: r.title,
        result: { ...r, snippet: null, status: null, score: 0 },
      })),
    });
  }
  for (const g of groups) {
    sections.push({
      label: g.label,
      options: g.items.map((r) => ({ key: recentKey(r), href: r.href, label: r.title, result: r })),
    });
  }
  if (q.length >= 2) {
    sections.push({
      label: "Search",
      options: [
        {
          key: "everywhere",
          href: `/search?q=${encodeURIComponent(q)}`,
          label: `All results for “${q}”`,
          result: null,
        },
      ],
    });
  }
  const options = sections.flatMap((s) => s.options);
  const activeIndex = Math.max(
    0,
    options.findIndex((o) => o.key === activeKey),
  );
  const active = options[activeIndex];
  // By position: keys hold any character a name may have.
  const positions = new Map(options.map((o, i) => [o.key, i]));
  const optionId = (key: string) => `${listId}-option-${positions.get(key)}`;

  const choose = useCallback(
    (option: Option) => {
      if (option.result) rememberPick(option.result);
      onDone();
      router.push(option.href);
    },
    [onDone, router],
  );
  useEffect(() => {
    if (!enterPending.current || searching) return;
    enterPending.current = false;
    if (active) choose(active);
  }, [searching, active, choose]);
  const move = (by: number) => {
    if (!options.length) return;
    const next = options[(activeIndex + by + options.length) % options.length]!;
    setActiveKey(next.key);
    document.getElementById(optionId(next.key))?.scrollIntoView({ block: "nearest" });
  };

  return (
    <>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        {searching ? (
          <Loader2 className="size-4 shrink-0 animate-spin text-zinc-400" aria-hidden />
        ) : (
          <Search className="size-4 shrink-0 text-zinc-400" aria-hidden />
        )}
        <input
          autoFocus
          role="combobox"
          aria-label="Search or jump to"
          aria-expanded
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active ? optionId(active.key) : undefined}
          placeholder="Search services, alerts, incidents, runbooks, deployments, a trace id…"
          className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-zinc-400"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActiveKey(null);
            enterPending.current = false;
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              move(e.key === "ArrowDown" ? 1 : -1);
            } else if (e.key === "Enter" && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (searching) enterPending.current = true;
              else if (active) choose(active);
            }
          }}
        />
      </div>
      <div id={listId} role="listbox" aria-label="Results" className="min-h-0 flex-1 overflow-y-auto p-1.5">
        {sections.map((section) => (
          <div key={section.label} role="group" aria-labelledby={`${listId}-${section.label}`}>
            <div
              id={`${listId}-${section.label}`}
              className="px-2 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase"
            >
              {section.label}
            </div>
            {section.options.map((option) => (
              <div
                key={option.key}
                id={optionId(option.key)}
                role="option"
                aria-selected={option === active}
                data-testid="palette-option"
                className={cn(
                  "cursor-pointer rounded-md px-2 py-1.5 text-sm",
                  option === active && "bg-sky-50 ring-1 ring-sky-300 dark:bg-sky-950/60 dark:ring-sky-800",
                )}
                onMouseMove={() => option !== active && setActiveKey(option.key)}
                onClick={() => choose(option)}
              >
                {option.result ? (
                  <ResultSummary result={option.result} />
                ) : (
                  <div className="flex items-center gap-2.5">
                    <Search className="size-4 text-zinc-500" aria-hidden />
                    <span>{option.label}</span>
                  </div>
                )}
              </div>
            ))}
          </div>
        ))}
        {searching && !groups.some((g) => g.kind !== "page" && g.kind !== "trace") && (
          <div className="space-y-2 p-2" aria-hidden>
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
          </div>
        )}
        {answered && q.length >= 2 && groups.length === 0 && (
          <p className="px-2 py-3 text-sm text-zinc-500">Nothing matches “{q}” that you may see.</p>
        )}
        {q.length === 1 && groups.length === 0 && (
          <p className="px-2 py-3 text-sm text-zinc-500">Type one more character to search.</p>
        )}
      </div>
      <div className="space-y-1 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
        {error ? (
          <p className="text-xs text-red-700 dark:text-red-400" role="status">
            The search failed: {error.message}
          </p>
        ) : (
          <TroubledSources sources={troubled} />
        )}
        <p className="text-[11px] text-zinc-400">↑↓ to move · Enter to open · Esc to close</p>
      </div>
    </>
  );
}
