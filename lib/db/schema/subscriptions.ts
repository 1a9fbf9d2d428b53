import "server-only";
import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, oneOf, updatedAt } from "./columns";
import { subscriptionIdentifierExclusionRules, subscriptionUserExclusionRules } from "./exclusion-rules";
import { integrationProfiles } from "./integration-profiles";
import { softwareModels } from "./software-models";
import { directoryUsers } from "./user-directory";

/** Why a subscription left: the vendor no longer lists it (sweep), or we reclaimed it. */
export const SUBSCRIPTION_REMOVAL_REASONS = ["vendor_removed", "reclaimed"] as const;
export type SubscriptionRemovalReason = (typeof SUBSCRIPTION_REMOVAL_REASONS)[number];

/**
 * **Software subscriptions**: one row per (profile, vendor user), written by the download job
 * (product.md §4). Rows are soft-deleted (`removed_at`, `removal_reason`) rather than deleted, so that
 * reclaimed seats and their savings stay auditable; a member who comes back revives the same row.
 *
 * Size: 100k+ rows per profile, rewritten daily. The indexes below are the ones the lists and jobs
 * need and no more, since each one is also written on every changed row:
 *
 * - Every list index is partial on `removed_at is null`: lists show current subscriptions, removed
 *   rows drop out of those indexes, and the history list has a small index of its own.
 * - List indexes end with `id`, so that a page is the next N rows after the last (sort value, id)
 *   seen: keyset pagination walks the index instead of counting past an OFFSET. The same indexes
 *   also serve the table kit's `order by <col>, id` with OFFSET.
 * - `last_activity_at` is null for "never active". Indexes store it `asc nulls first`, matching
 *   lib/table/sql.ts (`asc nulls first` / `desc nulls last`, the latter by a backward scan): never
 *   active sorts as the oldest. A keyset condition must treat the null group explicitly. Ascending,
 *   after (v, id): the row comparison `(last_activity_at, id) > (v, $id)`, which the index uses as a
 *   range; after (null, id): `last_activity_at is not null or id > $id`. Descending, after (v, id):
 *   `(last_activity_at, id) < (v, $id) or last_activity_at is null`; after (null, id):
 *   `last_activity_at is null and id < $id`.
 * - `last_seen_run_id` is the run that last wrote the row (created it, changed a downloaded value, or
 *   revived it); it is neither indexed nor a foreign key, so purging old job results does not touch
 *   this table. A run does not rewrite unchanged rows: the mark of mark and sweep is the run's
 *   `download_seen_members` (see there for the measurements), and the sweep compares the profile's
 *   current rows (`profile_id = $p and removed_at is null`, through the natural key) with it.
 */
export const softwareSubscriptions = pgTable(
  "software_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A profile's deletion removes its subscriptions (product.md §3, Delete). */
    profileId: uuid("profile_id")
      .notNull()
      .references(() => integrationProfiles.id, { onDelete: "cascade" }),
    /** The vendor's user id (Miro: the member id, a 19-digit string, also the SCIM user id). */
    externalUserId: text("external_user_id").notNull(),
    /** Usually the email; the resolution and user-exclusion key. */
    userPrincipalName: text("user_principal_name").notNull(),
    displayName: text("display_name"),
    /** The vendor's plan for this user (Miro: `license`, e.g. `full`). */
    subscriptionIdentifier: text("subscription_identifier").notNull(),
    /** Null while the identifier is unrecognized. */
    softwareModelId: uuid("software_model_id").references(() => softwareModels.id, { onDelete: "set null" }),
    /** Null: never active. */
    lastActivityAt: at("last_activity_at"),
    subscriptionAssignedAt: at("subscription_assigned_at"),
    /** The vendor's own flag (Miro: `active`; false = deactivated). */
    active: boolean("active").notNull().default(true),
    role: text("role"),

    /**
     * Excluded subscriptions are kept and shown but left out of cost, compliance and reclamation.
     * The rule that excluded the row is stamped beside the flag. Deleting a rule sets its reference
     * to null; the service that deletes it recomputes `excluded` in the same transaction.
     */
    excluded: boolean("excluded").notNull().default(false),
    identifierExclusionRuleId: uuid("identifier_exclusion_rule_id"),
    userExclusionRuleId: uuid("user_exclusion_rule_id"),

    /** Null lists the row under "without user". */
    directoryUserId: uuid("directory_user_id").references(() => directoryUsers.id, { onDelete: "set null" }),
    /** A person chose the user: later downloads must not re-resolve it. Clearing the user clears this. */
    userSetManually: boolean("user_set_manually").notNull().default(false),

    /** The download run that last wrote this row (see above); unchanged rows keep an older one. */
    lastSeenRunId: uuid("last_seen_run_id"),
    /**
     * A 53-bit hash of what the download last wrote (the vendor's values, the model and the
     * exclusion), so that the next download recognizes an unchanged member by one number instead of
     * comparing every column (lib/integrations/download-hash.ts). Null: compare in full and
     * rewrite; every other writer of those columns sets it to null. Not indexed, like the run stamp.
     */
    downloadHash: bigint("download_hash", { mode: "number" }),
    removedAt: at("removed_at"),
    removalReason: text("removal_reason").$type<SubscriptionRemovalReason>(),

    /** What else the vendor reports that we keep but do not query (Miro: `adminRoles`, `type`). */
    vendorAttributes: jsonb("vendor_attributes").$type<Record<string, unknown>>().notNull().default({}),

    createdAt: createdAt(),
    /** Moved only when a downloaded value actually changed, not by the run stamp. */
    updatedAt: updatedAt(),
  },
  (t) => [
    // Named here because the generated names exceed PostgreSQL's 63 characters.
    foreignKey({
      name: "software_subscriptions_identifier_rule_fk",
      columns: [t.identifierExclusionRuleId],
      foreignColumns: [subscriptionIdentifierExclusionRules.id],
    }).onDelete("set null"),
    foreignKey({
      name: "software_subscriptions_user_rule_fk",
      columns: [t.userExclusionRuleId],
      foreignColumns: [subscriptionUserExclusionRules.id],
    }).onDelete("set null"),
    // The natural key and the download's upsert target; it also serves every `profile_id = $p`
    // lookup, the sweep and the cascade from the profile.
    uniqueIndex("software_subscriptions_profile_external_user_uq").on(t.profileId, t.externalUserId),

    // All user subscriptions, sorted by last activity, across profiles and within one profile.
    index("software_subscriptions_last_activity_idx")
      .on(t.lastActivityAt.asc().nullsFirst(), t.id)
      .where(sql`${t.removedAt} is null`),
    index("software_subscriptions_profile_last_activity_idx")
      .on(t.profileId, t.lastActivityAt.asc().nullsFirst(), t.id)
      .where(sql`${t.removedAt} is null`),
    // Filter by identifier within a profile; counting unrecognized identifiers; remapping one.
    index("software_subscriptions_profile_identifier_idx")
      .on(t.profileId, t.subscriptionIdentifier, t.id)
      .where(sql`${t.removedAt} is null`),
    // Not partial: it also serves the foreign key's `set null` when a model is deleted.
    index("software_subscriptions_model_idx").on(t.softwareModelId, t.id),
    // Reclamation rule evaluation: per model, the reclaimable rows whose activity (or, if never
    // active, assignment) is older than the threshold. Query with `subscriptionActivityBasis` so the
    // expression matches this index.
    index("software_subscriptions_reclaimable_idx")
      .on(t.softwareModelId, sql`coalesce(${t.lastActivityAt}, ${t.subscriptionAssignedAt})`)
      .where(sql`${t.removedAt} is null and ${t.active} and not ${t.excluded}`),
    // Search and sort by user principal name (case-insensitive), and user exclusion matching.
    index("software_subscriptions_upn_lower_idx")
      .on(sql`lower(${t.userPrincipalName})`, t.id)
      .where(sql`${t.removedAt} is null`),
    // The list's "contains" search (`lower(user_principal_name) like '%…%'`, `display_name ilike
    // '%…%'`): trigram indexes (pg_trgm, created by migration 0003), without which a rare term reads
    // every row (about 100 ms at 100,000 subscriptions).
    index("software_subscriptions_upn_trgm_idx")
      .using("gin", sql`lower(${t.userPrincipalName}) gin_trgm_ops`)
      .where(sql`${t.removedAt} is null`),
    index("software_subscriptions_display_name_trgm_idx")
      .using("gin", sql`${t.displayName} gin_trgm_ops`)
      .where(sql`${t.removedAt} is null`),
    // A person's subscriptions; also the foreign key's `set null` when a directory user is deleted.
    index("software_subscriptions_directory_user_idx").on(t.directoryUserId),
    // "Subscriptions without user": a small index, only unresolved rows, sorted by UPN.
    index("software_subscriptions_without_user_idx")
      .on(sql`lower(${t.userPrincipalName})`, t.id)
      .where(sql`${t.directoryUserId} is null and ${t.removedAt} is null`),
    // The excluded filter and the Subscription exclusions view.
    index("software_subscriptions_excluded_idx")
      .on(t.profileId, t.id)
      .where(sql`${t.excluded} and ${t.removedAt} is null`),
    // The foreign keys to the exclusion rules (small: only stamped rows).
    index("software_subscriptions_identifier_rule_idx")
      .on(t.identifierExclusionRuleId)
      .where(sql`${t.identifierExclusionRuleId} is not null`),
    index("software_subscriptions_user_rule_idx")
      .on(t.userExclusionRuleId)
      .where(sql`${t.userExclusionRuleId} is not null`),
    // Removed subscriptions (history, reclaimed seats), newest first.
    index("software_subscriptions_removed_idx")
      .on(t.profileId, t.removedAt.desc(), t.id)
      .where(sql`${t.removedAt} is not null`),

    check("software_subscriptions_removal_check", sql`(${t.removedAt} is null) = (${t.removalReason} is null)`),
    check(
      "software_subscriptions_removal_reason_check",
      sql`${t.removalReason} is null or ${oneOf(t.removalReason, SUBSCRIPTION_REMOVAL_REASONS)}`,
    ),
    // A rule reference without the flag would be a contradiction; the flag without a reference is the
    // short window after a rule's deletion, before the recomputation.
    check(
      "software_subscriptions_exclusion_check",
      sql`${t.excluded} or (${t.identifierExclusionRuleId} is null and ${t.userExclusionRuleId} is null)`,
    ),
    check(
      "software_subscriptions_manual_user_check",
      sql`not ${t.userSetManually} or ${t.directoryUserId} is not null`,
    ),
  ],
);

/**
 * The date a subscription's inactivity counts from: its last activity, or, if it was never active,
 * the day it was assigned (product.md §5). Use this exact expression in queries so that the planner
 * matches `software_subscriptions_reclaimable_idx`.
 */
export const subscriptionActivityBasis = sql<Date | null>`coalesce(${softwareSubscriptions.lastActivityAt}, ${
  softwareSubscriptions.subscriptionAssignedAt
})`.mapWith(softwareSubscriptions.lastActivityAt);

export type SoftwareSubscription = typeof softwareSubscriptions.$inferSelect;
export type NewSoftwareSubscription = typeof softwareSubscriptions.$inferInsert;
