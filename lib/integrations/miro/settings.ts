import "server-only";
import { z } from "zod";

/*
 * Miro's vendor settings, stored in `integration_profiles.settings` (jsonb). Everything that only Miro
 * needs lives here rather than in a column, so a second vendor brings its own schema and no migration.
 * Always read the column through `parseMiroSettings`: rows written before a field existed get its
 * default, and a malformed row fails loudly instead of steering a download.
 */

/** Licenses that cost money: they map to auto-created software models at Publish (product.md §4). */
export const MIRO_DEFAULT_PAID_IDENTIFIERS = [
  "full",
  "occasional",
  "full_trial",
  "basic",
  "standard",
  "advanced",
] as const;

/** Licenses that Publish turns into Subscription Identifier Exclusion Rules: they cost nothing. */
export const MIRO_DEFAULT_EXCLUDED_IDENTIFIERS = ["free", "free_restricted"] as const;

/** Miro's members endpoint accepts 1..100 per page (miro-api.md §2.3). */
export const MIRO_MAX_PAGE_SIZE = 100;

/**
 * A subscription identifier as Miro sends it (`license`): lower-case words joined by underscores. It is
 * trimmed and lower-cased so that "Full " typed in a form matches `full` from the API.
 */
const identifier = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{1,64}$/, "Use the identifier as Miro sends it, e.g. full or free_restricted.");

const identifierList = (defaults: readonly string[]) =>
  z
    .array(identifier)
    .max(50)
    .transform((list) => [...new Set(list)])
    .default([...defaults]);

export const miroSettingsSchema = z
  .object({
    /**
     * The Enterprise organization the profile downloads, from the token context (`organization.id`)
     * after the OAuth callback. Miro ids exceed 2^53, so they stay strings. Empty on a fresh draft.
     */
    organizationId: z
      .string()
      .trim()
      .regex(/^[0-9]{1,32}$/, "A Miro organization id is a string of digits.")
      .optional(),
    organizationName: z.string().trim().min(1).max(200).optional(),
    /** Members per page of `GET /v2/orgs/{org_id}/members`. */
    pageSize: z.number().int().min(1).max(MIRO_MAX_PAGE_SIZE).default(MIRO_MAX_PAGE_SIZE),
    paidIdentifiers: identifierList(MIRO_DEFAULT_PAID_IDENTIFIERS),
    excludedByDefaultIdentifiers: identifierList(MIRO_DEFAULT_EXCLUDED_IDENTIFIERS),
  })
  .superRefine((settings, ctx) => {
    // An identifier cannot be both a paid license and excluded from cost by default.
    const paid = new Set(settings.paidIdentifiers);
    for (const id of settings.excludedByDefaultIdentifiers) {
      if (paid.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["excludedByDefaultIdentifiers"],
          message: `"${id}" is also listed as a paid identifier.`,
        });
      }
    }
  });

/** The settings after parsing: every default filled in. */
export type MiroSettings = z.output<typeof miroSettingsSchema>;
/** What may be written: defaults may be left out. */
export type MiroSettingsInput = z.input<typeof miroSettingsSchema>;

/**
 * Parses a profile's `settings` column (or a form's value) into Miro settings. A missing column value
 * (null, undefined) is read as `{}`, i.e. all defaults. Throws a `ZodError` on malformed settings; use
 * `miroSettingsSchema.safeParse` where field messages are wanted.
 */
export function parseMiroSettings(raw: unknown): MiroSettings {
  return miroSettingsSchema.parse(raw ?? {});
}
