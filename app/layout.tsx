import type { Metadata } from "next";
import { headers } from "next/headers";
import { Providers } from "@/components/providers";
import { env } from "@/lib/config/env";
import { NONCE_HEADER } from "@/lib/http/content-security-policy";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Opsdeck", template: "%s · Opsdeck" },
  description: "Operations console for on-call engineers",
  // The same mark twice: the SVG for browsers that take it, favicon.ico for those that ask for it anyway.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "32x32" },
    ],
  },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // This request's script nonce (proxy.ts): next-themes' inline script must carry it to run.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // next-themes sets the theme class before hydration, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <Providers nonce={nonce} markdownImageOrigins={env().MARKDOWN_IMAGE_ORIGINS}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
