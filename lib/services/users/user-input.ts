import { z } from "zod";
import { ROLES } from "../../db/schema/users";
import { checkboxField } from "../parse-input";

/** Roles from a form: one value, several, or none. */
export const rolesField = z
  .union([z.enum(ROLES), z.array(z.enum(ROLES))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v]))
  .refine((v) => v.length > 0, "Give the person at least one role.");

export const passwordField = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const createUserInput = z.object({
  name: z.string().trim().min(1, "Enter the person's name.").max(200),
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
