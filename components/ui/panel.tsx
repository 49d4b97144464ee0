import { Card } from "./card";

/** A titled card, with a short note or an action (a button) at the right of its title. */
export function Panel({
  title,
  note,
  action,
  children,
}: {
  title: string;
  note?: React.ReactNode;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card className="p-4">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {note && <span className="text-xs text-zinc-500">{note}</span>}
        {action}
      </div>
      {children}
    </Card>
  );
}
