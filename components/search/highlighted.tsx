import { MARK_END, MARK_START } from "@/lib/services/search/marks";

/** Renders a search snippet whose matches are delimited by control characters, as React text: nothing from the database becomes HTML. */
export function Highlighted({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let rest = text;
  for (let key = 0; rest; key++) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) {
      parts.push(rest);
      break;
    }
    const end = rest.indexOf(MARK_END, start);
    parts.push(rest.slice(0, start));
    parts.push(
      <mark key={key} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-700/60">
        {rest.slice(start + 1, end < 0 ? undefined : end)}
      </mark>,
    );
    rest = end < 0 ? "" : rest.slice(end + 1);
  }
  return <>{parts}</>;
}
