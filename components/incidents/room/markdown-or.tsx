import { Markdown } from "@/components/markdown";

/** Text written in Markdown, or, while it is empty, what says so (`children`). */
export function MarkdownOr({ text, children }: { text: string; children: React.ReactNode }) {
  return text ? <Markdown>{text}</Markdown> : children;
}
