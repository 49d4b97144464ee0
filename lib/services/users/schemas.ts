// Input of the user-management actions; shared by the forms, the route handlers and the services.
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { ROLES } from "@/lib/auth/roles";

export const emailSchema = text().trim().toLowerCase().email("Enter a valid email address.").max(320);

export const passwordSchema = text()
  .min(12, "Use at least 12 characters.")
  .max(256, "Use at most 256 characters.");

export const inviteUserInput = z.object({
  email: emailSchema,
  name: text().trim().max(200).optional(),
  role: z.enum(ROLES, { message: `Choose one of: ${ROLES.join(", ")}.` }),
});
export type InviteUserInput = z.infer<typeof inviteUserInput>;

export const updateUserInput = z
  .object({
    role: z.enum(ROLES, { message: `Choose one of: ${ROLES.join(", ")}.` }).optional(),
    status: z.enum(["active", "disabled"], { message: "Status is active or disabled." }).optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.status !== undefined, {
    message: "Change the role or the status.",
  });
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const createUserInput = inviteUserInput.extend({ password: passwordSchema });

export const acceptInvitationInput = z.object({
  token: text().min(20, "This link is not valid.").max(200, "This link is not valid."),
  name: text().trim().max(200).optional(),
  password: passwordSchema,
});
