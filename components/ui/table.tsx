import { ArrowDown, ArrowUp } from "lucide-react";
import { Card } from "./card";
import { cn } from "./cn";
import { Skeleton } from "./feedback";

// The table gives its cells their vertical padding through --cell-y, so a dense table is one prop on
// `Table` and a single cell can still override it.
const densities = {
  normal: "[--cell-y:--spacing(2)]",
  compact: "[--cell-y:--spacing(1.5)]",
} as const;

const tones = {
  warn: "bg-amber-50/60 dark:bg-amber-950/20",
  info: "bg-sky-50/60 dark:bg-sky-950/20",
  neutral: "bg-zinc-50 dark:bg-zinc-900/60",
} as const;

type Alignment = { align?: "left" | "right"; numeric?: boolean };

/** Right for numbers (which also get digits of one width) and for what `align` says. */
const alignment = ({ align, numeric }: Alignment) =>
  cn(
    (align ?? (numeric ? "right" : "left")) === "right" ? "text-right" : "text-left",
    numeric && "tabular-nums",
  );

/**
 * A data table in a card that scrolls sideways on narrow screens. `framed={false}` leaves the card out
 * (a table inside a card of its own, or under a chart). While `loading`, placeholder rows stand under
 * the header; `empty` is shown there when there are no rows: an `EmptyState` or a line of text. Other
 * props (`data-testid`, `aria-*`) go to `<table>`.
 */
export function Table({
  caption,
  loading,
  empty,
  framed = true,
  density = "normal",
  className,
  children,
  ...props
}: Omit<React.TableHTMLAttributes<HTMLTableElement>, "className"> & {
  /** Names the table for screen readers (not shown). */
  caption?: string;
  loading?: boolean;
  empty?: React.ReactNode;
  framed?: boolean;
  density?: keyof typeof densities;
  /** Classes of the frame: margins, width. */
  className?: string;
}) {
  const Frame = framed ? Card : "div";
  return (
    <Frame className={cn("overflow-x-auto", className)}>
      <table className={cn("w-full text-sm", densities[density])} aria-busy={loading || undefined} {...props}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
      {loading && (
        <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="px-3 py-3">
              <Skeleton className="h-5 w-full" />
            </div>
          ))}
        </div>
      )}
      {empty && <div className="p-4">{empty}</div>}
    </Frame>
  );
}

/** The header row; its children are `TableHead`s or `SortableHead`s. */
export function TableHeader({ children }: { children: React.ReactNode }) {
  return (
    <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800">
      <tr>{children}</tr>
    </thead>
  );
}

export function TableHead({
  align,
  numeric,
  className,
  ...props
}: React.ThHTMLAttributes<HTMLTableCellElement> & Alignment) {
  return <th className={cn("px-3 py-2 font-medium", alignment({ align, numeric }), className)} {...props} />;
}

/**
 * A header that sorts the table by its column: a button that says which way the column is sorted
 * (`aria-sort`) and shows an arrow. The page keeps the sort (in the URL) and sorts the rows.
 */
export function SortableHead({
  sorted,
  onSort,
  align,
  numeric,
  children,
}: Alignment & {
  sorted: "ascending" | "descending" | false;
  onSort: () => void;
  children: React.ReactNode;
}) {
  return (
    <TableHead align={align} numeric={numeric} aria-sort={sorted || "none"}>
      <button
        type="button"
        className="inline-flex items-center gap-1 rounded-sm uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
        onClick={onSort}
      >
        {children}
        {sorted === "descending" && <ArrowDown className="size-3" aria-hidden />}
        {sorted === "ascending" && <ArrowUp className="size-3" aria-hidden />}
      </button>
    </TableHead>
  );
}

export function TableBody({ children }: { children: React.ReactNode }) {
  return <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</tbody>;
}

/**
 * A row. `tone` tints it (a row only one side has, an opened row's details). An `interactive` row, or
 * one with `onClick`, lights up under the pointer; any row lights up while it holds the keyboard focus,
 * so keyboard users see which row they are on. A clickable row also needs a button or link in a cell
 * that does the same, since keyboards and screen readers do not reach a row's click handler.
 */
export function TableRow({
  tone,
  interactive,
  className,
  ...props
}: React.HTMLAttributes<HTMLTableRowElement> & { tone?: keyof typeof tones; interactive?: boolean }) {
  return (
    <tr
      className={cn(
        tone && tones[tone],
        (interactive || props.onClick) && "hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
        props.onClick && "cursor-pointer",
        "has-[:focus-visible]:bg-zinc-50 dark:has-[:focus-visible]:bg-zinc-800/40",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({
  align,
  numeric,
  className,
  ...props
}: React.TdHTMLAttributes<HTMLTableCellElement> & Alignment) {
  return <td className={cn("px-3 py-(--cell-y)", alignment({ align, numeric }), className)} {...props} />;
}
