import { Search } from "lucide-react";
import { Input } from "./field";

/** The text box that filters a page's list, a magnifier in it; `label` names it for screen readers. */
export function SearchField({
  id,
  label,
  ...input
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "className"> & { id: string; label: string }) {
  return (
    <div className="relative">
      <Search className="pointer-events-none absolute top-2.5 left-2 size-4 text-zinc-400" aria-hidden />
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Input id={id} className="w-64 pl-8" {...input} />
    </div>
  );
}
