"use client";

import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** The top-bar search: a plain GET form (works before hydration); "/" focuses it from anywhere. */
export function SearchBox() {
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        e.key !== "/" ||
        e.metaKey ||
        e.ctrlKey ||
        target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
      )
        return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form
      role="search"
      action="/search"
      className="relative mr-auto w-full max-w-xs"
      onSubmit={(e) => {
        e.preventDefault();
        const q = input.current?.value.trim();
        if (q) router.push(`/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <Search className="pointer-events-none absolute top-2 left-2.5 size-4 text-zinc-400" aria-hidden />
      <input
        ref={input}
        name="q"
        aria-label="Search runbooks and incidents"
        placeholder="Search runbooks and incidents"
        className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-8 pl-8 text-sm placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <kbd className="pointer-events-none absolute top-1.5 right-2 rounded border border-zinc-300 px-1 text-[11px] text-zinc-400 dark:border-zinc-700">
        /
      </kbd>
    </form>
  );
}
