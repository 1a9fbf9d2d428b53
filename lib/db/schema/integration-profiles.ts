import "server-only";
import { sql } from "drizzle-orm";
import { boolean, check, integer, foreignKey, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, oneOf, updatedAt } from "./columns";
import { connectionAliases } from "./connections";
import { users } from "./users";

import { PROFILE_STATUSES, type ProfileStatus } from "./integration-profile-labels";
export { PROFILE_STATUSES, PROFILE_STATUS_LABELS, type ProfileStatus } from "./integration-profile-labels";

/** The process a validation check exercises; the reclaim check is read-only and informational. */
export type ValidationProcess = "download" | "reclaim";

export type ProfileValidationCheck = {
  /** Stable key, e.g. `token_context`, `organization`, `members_first_page`, `scim_users`. */
  key: string;
  label: string;
  process: ValidationProcess;
  ok: boolean;
  /** What happened, in words a person can act on. */
  message: string;
  durationMs?: number;
};

/**
 * The outcome of **Validate Connection**. `ok` is what **Publish** requires: every download check
 * passed. The reclaim check is reported beside it (product.md §3) but does not block publishing.
 */
export type ProfileValidationResult = {
  ok: boolean;
  checks: ProfileValidationCheck[];
};

/**
 * Direct integration profiles (product.md §3). Everything that differs between vendors lives in
 * `settings`, validated by the vendor's zod schema (for Miro: lib/integrations/miro/settings.ts), so a
 * second vendor needs no new column. `profile_type` and `vendor_id` are plain text for the same reason:
 * the integration registry, not the database, lists what exists.
 */
export const integrationProfiles = pgTable(
  "integration_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    displayName: text("display_name").notNull(),
    status: text("status").$type<ProfileStatus>().notNull().default("draft"),
    /** e.g. `miro_enterprise_subscription`; exclusion rules and identifier maps are keyed by it. */
    profileType: text("profile_type").notNull(),
    /** e.g. `miro`: picks the adapter in the integration registry. */
    vendorId: text("vendor_id").notNull(),

    /**
     * Download Subscription Subflow. Downloading is always on, so there is no flag for it. The alias
     * may be empty on a draft; publishing requires it. Restrict: an alias in use cannot be deleted.
     */
    downloadConnectionAliasId: text("download_connection_alias_id"),
    /** Reclaim Subscription Subflow. When cleared, candidates are still created but never reclaimed. */
    reclaimEnabled: boolean("reclaim_enabled").notNull().default(true),
    reclaimConnectionAliasId: text("reclaim_connection_alias_id"),
    /**
     * A download that would mark more than this share of the organization removed does not sweep: it
     * ends Completed with warnings, and an integrator confirms the removals (product.md §7).
     */
    removalGuardPercent: integer("removal_guard_percent").notNull().default(10),

    /** Vendor-specific settings; read them only through the vendor's parse function. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),

    lastValidatedAt: at("last_validated_at"),
    lastValidatedBy: uuid("last_validated_by").references(() => users.id, { onDelete: "set null" }),
    lastValidationResult: jsonb("last_validation_result").$type<ProfileValidationResult>(),
    publishedAt: at("published_at"),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),

    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Foreign keys named here because the generated names exceed PostgreSQL's 63 characters.
    foreignKey({
      name: "integration_profiles_download_alias_fk",
      columns: [t.downloadConnectionAliasId],
      foreignColumns: [connectionAliases.id],
    })
      .onDelete("restrict")
      .onUpdate("cascade"),
    foreignKey({
      name: "integration_profiles_reclaim_alias_fk",
      columns: [t.reclaimConnectionAliasId],
      foreignColumns: [connectionAliases.id],
    })
      .onDelete("restrict")
      .onUpdate("cascade"),
    // "Unique among profiles": compared case-insensitively, because the name also names the daily job.
    uniqueIndex("integration_profiles_display_name_lower_uq").on(sql`lower(${t.displayName})`),
    index("integration_profiles_type_idx").on(t.profileType),
    index("integration_profiles_status_idx").on(t.status),
    index("integration_profiles_download_alias_idx").on(t.downloadConnectionAliasId),
    index("integration_profiles_reclaim_alias_idx").on(t.reclaimConnectionAliasId),
    check("integration_profiles_status_check", oneOf(t.status, PROFILE_STATUSES)),
    check("integration_profiles_display_name_check", sql`length(btrim(${t.displayName})) > 0`),
    // A published profile always knows where it downloads from and when it was published.
    check(
      "integration_profiles_published_check",
      sql`${t.status} <> 'published' or (${t.downloadConnectionAliasId} is not null and ${t.publishedAt} is not null)`,
    ),
    check("integration_profiles_removal_guard_check", sql`${t.removalGuardPercent} between 1 and 100`),
    check("integration_profiles_settings_object_check", sql`jsonb_typeof(${t.settings}) = 'object'`),
  ],
);

export type IntegrationProfile = typeof integrationProfiles.$inferSelect;
export type NewIntegrationProfile = typeof integrationProfiles.$inferInsert;
