import "server-only";
import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { softwareModels } from "./software-models";
import { users } from "./users";

/**
 * The subscription identifier map: vendor identifier (Miro: the member's `license`, e.g. `full`) →
 * software model. An entry applies either to every profile of a profile type (what Publish creates
 * for the vendor's known paid identifiers) or to one profile (what a sam_admin creates when resolving
 * an unrecognized identifier of that profile, or to give a second organization models of its own).
 * Lookup prefers the profile entry, then the profile-type entry.
 */
export const subscriptionIdentifiers = pgTable(
  "subscription_identifiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    profileType: text("profile_type"),
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "cascade" }),
    identifier: text("identifier").notNull(),
    /** Deleting a model deletes its map entries; the identifier then shows up as unrecognized again. */
    softwareModelId: uuid("software_model_id").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Named here because the generated name exceeds PostgreSQL's 63 characters.
    foreignKey({
      name: "subscription_identifiers_model_fk",
      columns: [t.softwareModelId],
      foreignColumns: [softwareModels.id],
    }).onDelete("cascade"),
    uniqueIndex("subscription_identifiers_type_identifier_uq")
      .on(t.profileType, t.identifier)
      .where(sql`${t.profileId} is null`),
    uniqueIndex("subscription_identifiers_profile_identifier_uq")
      .on(t.profileId, t.identifier)
      .where(sql`${t.profileId} is not null`),
    index("subscription_identifiers_model_idx").on(t.softwareModelId),
    // Exactly one scope: a profile type or a profile.
    check("subscription_identifiers_scope_check", sql`num_nonnulls(${t.profileType}, ${t.profileId}) = 1`),
  ],
);

/**
 * **Unrecognized Subscription Identifiers**: identifiers a download met with no map entry, per
 * profile, with how many subscriptions carry them. Resolving one (mapping it to a model) stamps
 * `resolved_*` and updates every subscription that has it; a later download reopens the row if the
 * identifier turns up unmapped again.
 */
export const unrecognizedSubscriptionIdentifiers = pgTable(
  "unrecognized_subscription_identifiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    profileId: uuid("profile_id").notNull(),
    identifier: text("identifier").notNull(),
    subscriptionCount: integer("subscription_count").notNull().default(0),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: at("resolved_at"),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedModelId: uuid("resolved_model_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Named here because the generated names exceed PostgreSQL's 63 characters.
    foreignKey({
      name: "unrecognized_identifiers_profile_fk",
      columns: [t.profileId],
      foreignColumns: [integrationProfiles.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "unrecognized_identifiers_resolved_model_fk",
      columns: [t.resolvedModelId],
      foreignColumns: [softwareModels.id],
    }).onDelete("set null"),
    uniqueIndex("unrecognized_identifiers_profile_identifier_uq").on(t.profileId, t.identifier),
    // The list and the Overview alert show only open rows.
    index("unrecognized_identifiers_open_idx").on(t.lastSeenAt.desc()).where(sql`${t.resolvedAt} is null`),
    index("unrecognized_identifiers_resolved_model_idx").on(t.resolvedModelId),
    check("unrecognized_identifiers_count_check", sql`${t.subscriptionCount} >= 0`),
  ],
);

export type SubscriptionIdentifier = typeof subscriptionIdentifiers.$inferSelect;
export type NewSubscriptionIdentifier = typeof subscriptionIdentifiers.$inferInsert;
export type UnrecognizedSubscriptionIdentifier = typeof unrecognizedSubscriptionIdentifiers.$inferSelect;
export type NewUnrecognizedSubscriptionIdentifier = typeof unrecognizedSubscriptionIdentifiers.$inferInsert;
