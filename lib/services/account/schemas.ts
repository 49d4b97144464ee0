// Input of the Account page's changes; shared by its forms, the route handlers and the services.
import { z } from "zod";
import { passwordSchema } from "@/lib/services/users/schemas";
import { CLOCK_CHOICES, TIME_ZONE_CHOICES } from "@/lib/time/format";
import { text } from "@/lib/validation/text";

export const changePasswordInput = z
  .object({
    currentPassword: text()
      .min(1, "Enter your current password.")
      .max(1024, "This is not your current password."),
    // The rules of passwords an administrator sets or an invitation chooses.
    newPassword: passwordSchema,
  })
  .strict()
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const timePreferencesInput = z
  .object({
    timeZone: z.enum(TIME_ZONE_CHOICES, { message: `Time zone is one of: ${TIME_ZONE_CHOICES.join(", ")}.` }),
    clock: z.enum(CLOCK_CHOICES, { message: `Clock is one of: ${CLOCK_CHOICES.join(", ")}.` }),
  })
  .strict();
export type TimePreferencesInput = z.infer<typeof timePreferencesInput>;
