import { ShieldAlert } from "lucide-react";
import { minimumRole, type Permission } from "@/lib/auth/permissions";
import { EmptyState } from "@/components/ui/feedback";

export function AccessDenied({ permission }: { permission: string }) {
  return (
    <EmptyState icon={<ShieldAlert className="size-8" />} title="You don't have access to this page">
      It needs the <code>{permission}</code> permission, which the{" "}
      <strong>{minimumRole(permission as Permission)}</strong> role and above have. Ask an administrator if
      you need it.
    </EmptyState>
  );
}
