import { Table, TableBody, TableHead, TableHeader } from "@/components/ui/table";

/** A person's action on a rollout or canary, by its result. */
export const RESULT_TONE = { success: "ok", denied: "warn", failed: "crit" } as const;

/**
 * The history of a rollout or canary, in its panel: who did what, when, why and with what result, one
 * row (its children) an entry; `empty` says why there is none.
 */
export function HistoryTable({
  children,
  ...table
}: {
  caption: string;
  "data-testid": string;
  loading?: boolean;
  empty: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Table framed={false} density="compact" {...table}>
      <TableHeader>
        <TableHead>When</TableHead>
        <TableHead>Who</TableHead>
        <TableHead>What</TableHead>
        <TableHead>Why</TableHead>
        <TableHead>Result</TableHead>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
