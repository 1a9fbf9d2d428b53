import { z } from "zod";
import { textField } from "../text-input";

const aliasId = z.string().regex(/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, "Unknown alias.");
const returnTo = z
  .string()
  .regex(/^\/[A-Za-z0-9/_\-.?=&%]*$/)
  .refine((p) => !p.startsWith("//"))
  .optional();

export const createChildAliasInput = z.object({
  parentAliasId: aliasId,
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the child alias.")
    .max(60)
    .regex(/^[A-Za-z0-9 _-]+$/, "Use letters, digits, spaces, - and _ only."),
});

export const startOAuthInput = z.object({
  aliasId,
  name: textField(120, "Enter a connection name."),
  clientId: textField(200, "Enter the OAuth Client ID from Miro's app settings."),
  clientSecret: textField(500, "Enter the OAuth Client Secret from Miro's app settings."),
  returnTo,
});
export type StartOAuthInput = z.infer<typeof startOAuthInput>;

export const createApiTokenInput = z.object({
  aliasId,
  name: textField(120, "Enter a connection name."),
  apiToken: textField(2000).min(8, "Paste the API Token from Miro's Enterprise integrations page."),
  returnTo,
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

/** The vendor's redirect query: it comes from the browser's address bar, so it is checked like a form. */
export const oauthCallbackQuery = z.object({
  code: textField(2000).min(1).optional(),
  state: textField(200).min(1).optional(),
  error: textField(200).optional(),
  error_description: textField(1000).optional(),
});
