import { Construction } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui/feedback";

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
