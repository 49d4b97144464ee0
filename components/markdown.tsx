"use client";

import { createContext, useContext } from "react";
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/** MARKDOWN_IMAGE_ORIGINS, from the layout: where images may be loaded from besides Opsdeck itself. */
export const MarkdownImageOrigins = createContext<readonly string[]>([]);

/** Images on this site (a path) or from an allowed origin are shown; others would tell their host who reads. */
function shownImage(src: string | undefined, allowed: readonly string[]): boolean {
  if (!src) return false;
  if (src.startsWith("/") && !src.startsWith("//")) return true;
  const url = URL.parse(src);
  return url !== null && allowed.includes(url.origin);
}

/**
 * Renders user-written Markdown safely: no raw HTML, GitHub's sanitisation schema (no scripts, no event
 * handlers, only http(s)/mailto links), external links opened without a referrer, and images from other
 * origins shown as links unless their origin is allowed (MARKDOWN_IMAGE_ORIGINS): loading one would tell
 * its server when and from where the page was read, and the page's Content-Security-Policy refuses it.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <MarkdownContent>{children}</MarkdownContent>
    </div>
  );
}

/** Inline elements of Markdown kept by InlineMarkdown; blocks are unwrapped to their text. */
const INLINE = ["p", "code", "strong", "em", "del", "a", "img"];

/**
 * One line of Markdown inside other text (a checklist step): `code`, **bold**, _emphasis_ and links as
 * Markdown writes them, made as safe as Markdown's, without the paragraph around them.
 */
export function InlineMarkdown({ children }: { children: string }) {
  return (
    <span className="markdown">
      <MarkdownContent inline>{children}</MarkdownContent>
    </span>
  );
}

function MarkdownContent({ children, inline = false }: { children: string; inline?: boolean }) {
  const imageOrigins = useContext(MarkdownImageOrigins);
  return (
    <ReactMarkdown
      remarkPlugins={[remarkGfm]}
      rehypePlugins={[rehypeSanitize]}
      skipHtml
      allowedElements={inline ? INLINE : undefined}
      unwrapDisallowed={inline}
      components={{
        ...(inline && { p: ({ children: text }) => <>{text}</> }),
        a: ({ href, children: text }) => (
          <a
            href={href}
            rel="noopener noreferrer nofollow"
            target={href?.startsWith("/") ? undefined : "_blank"}
          >
            {text}
          </a>
        ),
        img: ({ src, alt }) => {
          const source = typeof src === "string" ? src : undefined;
          if (shownImage(source, imageOrigins))
            // eslint-disable-next-line @next/next/no-img-element -- user content of any size, not optimisable
            return <img src={source} alt={alt ?? ""} loading="lazy" referrerPolicy="no-referrer" />;
          return (
            <a
              href={source}
              rel="noopener noreferrer nofollow"
              target="_blank"
              title="An image from another site, not loaded here"
            >
              {alt || source || "image"}
            </a>
          );
        },
      }}
    >
      {children}
    </ReactMarkdown>
  );
}
