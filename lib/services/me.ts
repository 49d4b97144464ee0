// Who the caller is and what they may do: drives which controls the UI shows (the services still decide).
import { ROLE_PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { requireActor, type ServiceContext } from "@/lib/services/context";

export type Me = {
  userId: string | null;
  email: string;
  name: string | null;
  role: string;
  authMethod: string;
  permissions: Permission[];
};

export function describeMe(ctx: ServiceContext): Me {
  const actor = requireActor(ctx);
  return {
    userId: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    authMethod: actor.authMethod,
    permissions: [...ROLE_PERMISSIONS[actor.role]],
  };
}
