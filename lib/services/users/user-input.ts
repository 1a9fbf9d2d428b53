import { z } from "zod";
import { ROLES } from "../../db/schema/users";
import { checkboxField } from "../parse-input";
import { rawTextField, textField } from "../text-input";

/** Roles from a form: one value, several, or none. */
export const rolesField = z
  .union([z.enum(ROLES), z.array(z.enum(ROLES))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v]))
  .refine((v) => v.length > 0, "Give the person at least one role.");

export const passwordField = rawTextField(200).min(12, "Use at least 12 characters.");

export const createUserInput = z.object({
  name: textField(200, "Enter the person's name."),
  email: z.email("Enter a valid email address.").trim().toLowerCase().max(320),
  password: passwordField,
  roles: rolesField,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  id: z.uuid(),
  roles: rolesField,
  active: checkboxField,
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;
