import { z } from "zod";

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
  name: z.string().trim().min(1, "Enter a connection name.").max(120),
  clientId: z.string().trim().min(1, "Enter the OAuth Client ID from Miro's app settings.").max(200),
  clientSecret: z.string().trim().min(1, "Enter the OAuth Client Secret from Miro's app settings.").max(500),
  returnTo,
});
export type StartOAuthInput = z.infer<typeof startOAuthInput>;

export const createApiTokenInput = z.object({
  aliasId,
  name: z.string().trim().min(1, "Enter a connection name.").max(120),
  apiToken: z.string().trim().min(8, "Paste the API Token from Miro's Enterprise integrations page.").max(2000),
  returnTo,
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const oauthCallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
