import { z } from "zod";
import { identifierField } from "../identifiers/identifier-input";

const reasonField = z.string().trim().min(1, "Say why these subscriptions are excluded.").max(500, "Use at most 500 characters.");

export const createIdentifierExclusionInput = z.object({
  profileType: z.string().trim().min(1).max(100),
  identifier: identifierField,
  reason: reasonField,
});
export type CreateIdentifierExclusionInput = z.infer<typeof createIdentifierExclusionInput>;

export const createUserExclusionInput = z.object({
  userPrincipalName: z
    .string()
    .trim()
    .min(1, "Enter the user principal name (usually the email).")
    .max(320, "Use at most 320 characters.")
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
