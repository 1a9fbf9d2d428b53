import { z } from "zod";
import { checkboxField as checkbox } from "../parse-input";
import { textField } from "../text-input";

const displayName = textField(100, "Enter a Display Name.");
const aliasId = z.string().regex(/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, "Choose a Connection & credential alias.");

export const createProfileInput = z.object({
  vendorId: z.string().regex(/^[a-z0-9_]{1,40}$/),
  displayName,
  reclaimEnabled: checkbox,
});
export type CreateProfileInput = z.infer<typeof createProfileInput>;

export const updateProfileInput = z.object({
  id: z.uuid(),
  displayName,
  reclaimEnabled: checkbox,
  removalGuardPercent: z.coerce
    .number({ error: "Enter a whole number from 1 to 100." })
    .int("Enter a whole number from 1 to 100.")
    .min(1, "Enter a whole number from 1 to 100.")
    .max(100, "Enter a whole number from 1 to 100.")
    .default(10),
  downloadConnectionAliasId: aliasId,
  reclaimConnectionAliasId: aliasId,
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const profileIdInput = z.object({ id: z.uuid() });
