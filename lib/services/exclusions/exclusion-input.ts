import { z } from "zod";
import { identifierField } from "../identifiers/identifier-input";
import { textField } from "../text-input";

const reasonField = textField(500, "Say why these subscriptions are excluded.");

export const createIdentifierExclusionInput = z.object({
  profileType: textField(100, "Choose the profile type."),
  identifier: identifierField,
  reason: reasonField,
});
export type CreateIdentifierExclusionInput = z.infer<typeof createIdentifierExclusionInput>;

export const createUserExclusionInput = z.object({
  userPrincipalName: textField(320, "Enter the user principal name (usually the email).")
    .regex(/^\S+$/, "A user principal name has no spaces."),
  reason: reasonField,
});
export type CreateUserExclusionInput = z.infer<typeof createUserExclusionInput>;

export const setExclusionRuleActiveInput = z.object({
  kind: z.enum(["identifier", "user"]),
  id: z.uuid(),
  // The list's button sends "true" or "false"; code may pass the boolean (the verb parses again).
  active: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});
export type SetExclusionRuleActiveInput = z.infer<typeof setExclusionRuleActiveInput>;
