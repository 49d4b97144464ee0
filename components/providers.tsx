"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState } from "react";
import { z } from "zod";
import { MarkdownImageOrigins } from "@/components/markdown";
import { makeQueryClient } from "@/lib/client/query-client";

// Zod compiles object schemas with `new Function` where it may. The Content-Security-Policy forbids eval,
// and Zod's probe for it would be reported as a violation on every page that parses: parse without it.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({
  children,
  nonce,
  markdownImageOrigins,
}: {
  children: React.ReactNode;
  /** The script nonce of this response's Content-Security-Policy. */
  nonce?: string;
  /** MARKDOWN_IMAGE_ORIGINS: where Markdown may show images from besides Opsdeck itself. */
  markdownImageOrigins: readonly string[];
}) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
    >
      <QueryClientProvider client={queryClient}>
        <MarkdownImageOrigins value={markdownImageOrigins}>
          <NuqsAdapter>{children}</NuqsAdapter>
        </MarkdownImageOrigins>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
