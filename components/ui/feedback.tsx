import { ApiError } from "@/lib/client/fetch-json";
import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded bg-zinc-200 dark:bg-zinc-800", className)} />;
}

const tones = {
  neutral: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  ok: "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-300",
  warn: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  crit: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300",
  info: "bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300",
} as const;

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: keyof typeof tones;
  children: React.ReactNode;
}) {
  return (
    <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium", tones[tone])}>
      {children}
    </span>
  );
}

export function Banner({
  tone = "crit",
  title,
  children,
}: {
  tone?: "crit" | "warn" | "info" | "ok";
  title: string;
  children?: React.ReactNode;
}) {
  const styles = {
    crit: "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200",
    warn: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200",
    info: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-200",
    ok: "border-green-300 bg-green-50 text-green-900 dark:border-green-900 dark:bg-green-950/50 dark:text-green-200",
  }[tone];
  return (
    <div
      role={tone === "crit" ? "alert" : "status"}
      className={cn("rounded-md border px-3 py-2 text-sm", styles)}
    >
      <p className="font-medium">{title}</p>
      {children && <div className="mt-0.5">{children}</div>}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon?: React.ReactNode;
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-zinc-300 px-6 py-14 text-center dark:border-zinc-700">
      {icon && <div className="mb-3 text-zinc-400">{icon}</div>}
      <h2 className="text-base font-semibold">{title}</h2>
      {children && (
        <div className="mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      )}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** Why a form's request failed: the messages of the fields the API named, else its message. */
export function FormError({ error, className }: { error: Error | null; className?: string }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.values(error.fields).flat().join(" ") : "";
  return (
    <p role="alert" className={cn("text-xs text-red-600", className)}>
      {fields || error.message}
    </p>
  );
}
