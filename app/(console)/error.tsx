"use client";

import { PageError } from "@/components/page-error";

export default function ConsoleError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError {...props} />;
}
