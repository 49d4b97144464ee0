"use client";

import { PageError } from "@/components/page-error";

export default function DeploymentsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageError
      {...props}
      title="This deployments page could not be shown."
      away={{ href: "/deployments", label: "Every rollout" }}
    />
  );
}
