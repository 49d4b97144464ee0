import { Construction } from "lucide-react";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";

/** The honest empty state of an area whose capability has not landed yet. */
export function NotBuilt({
  title,
  summary,
  children,
}: {
  title: string;
  summary: string;
  children: React.ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={summary} />
      <EmptyState icon={<Construction className="size-8" />} title={`${title} is not built yet`}>
        {children}
      </EmptyState>
    </>
  );
}
