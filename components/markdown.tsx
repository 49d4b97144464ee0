import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Renders user-written Markdown safely: no raw HTML, GitHub's sanitisation schema (no scripts, no event
 * handlers, only http(s)/mailto links), external links opened without a referrer.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        skipHtml
        components={{
          a: ({ href, children: text }) => (
            <a
              href={href}
              rel="noopener noreferrer nofollow"
              target={href?.startsWith("/") ? undefined : "_blank"}
            >
              {text}
            </a>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
