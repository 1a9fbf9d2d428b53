import { z } from "zod";

/** A vendor's license identifier, as downloads store it (`full`, `free_restricted`, `enterprise_plus`). */
export const identifierField = z
  .string()
  .trim()
  .min(1, "Enter the subscription identifier.")
  .max(100, "Use at most 100 characters.")
  .regex(/^\S+$/, "A subscription identifier has no spaces.");

/**
 * **Map to model**: an existing software model, or the name of a new one (created with source
 * custom). `choice` says which of the two the person picked in the dialog.
 */
export const mapIdentifierInput = z
  .object({
    profileType: z.string().trim().min(1).max(100),
    identifier: identifierField,
    choice: z.enum(["existing", "new"]),
    modelId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("Choose a software model.").optional()),
    newModelName: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().trim().min(1, "Enter the new model's name.").max(200, "Use at most 200 characters.").optional(),
    ),
    /** The profile the person mapped from, recorded on a new model. */
    profileId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
  })
  .superRefine((v, ctx) => {
    if (v.choice === "existing" && !v.modelId) ctx.addIssue({ code: "custom", path: ["modelId"], message: "Choose a software model." });
    if (v.choice === "new" && !v.newModelName) ctx.addIssue({ code: "custom", path: ["newModelName"], message: "Enter the new model's name." });
  });
export type MapIdentifierInput = z.infer<typeof mapIdentifierInput>;
