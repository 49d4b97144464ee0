import { Activity } from "lucide-react";
import { EmptyState } from "@/components/ui/feedback";
import { Link } from "@/components/ui/link";

export default function NotFound() {
  return (
    <EmptyState
      icon={<Activity className="size-8" />}
      title="There is no service of that name"
      action={
        <Link
          href="/services"
          className="text-sm font-medium text-sky-700 underline underline-offset-4 dark:text-sky-400"
        >
          See every service
        </Link>
      }
    >
      Opsdeck knows a service once Prometheus has request metrics labelled with its name, or once it is in the
      catalog. Check the spelling, or find it under Services or with the search at the top.
    </EmptyState>
  );
}
