import { z } from "zod";
import { textField } from "../text-input";

/** A vendor's license identifier, as downloads store it (`full`, `free_restricted`, `enterprise_plus`). */
export const identifierField = textField(100, "Enter the subscription identifier.")
  .regex(/^\S+$/, "A subscription identifier has no spaces.");

/**
 * **Map to model**: an existing software model, or the name of a new one (created with source
 * custom). `choice` says which of the two the person picked in the dialog.
 */
export const mapIdentifierInput = z
  .object({
    profileType: textField(100, "Choose the profile type."),
    identifier: identifierField,
    choice: z.enum(["existing", "new"]),
    modelId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("Choose a software model.").optional()),
    newModelName: z.preprocess(
      (v) => (v === "" ? undefined : v),
      textField(200, "Enter the new model's name.").optional(),
    ),
    /** The profile the person mapped from, recorded on a new model. */
    profileId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
  })
  .superRefine((v, ctx) => {
    if (v.choice === "existing" && !v.modelId) ctx.addIssue({ code: "custom", path: ["modelId"], message: "Choose a software model." });
    if (v.choice === "new" && !v.newModelName) ctx.addIssue({ code: "custom", path: ["newModelName"], message: "Enter the new model's name." });
  });
export type MapIdentifierInput = z.infer<typeof mapIdentifierInput>;
