import "server-only";
import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { users } from "./users";

/*
 * Exclusion rules keep subscriptions out of cost, compliance and reclamation while leaving them
 * listed (product.md §4.5). A download stamps each excluded subscription with the rule that excluded
 * it, so the list can say why.
 */

/**
 * **Subscription Identifier Exclusion Rule**: keyed by profile type, so one rule (e.g. `free`) covers
 * every profile of that type, as in the reference product. Publish creates the vendor's
 * excluded-by-default identifiers (Miro: `free`, `free_restricted`).
 */
export const subscriptionIdentifierExclusionRules = pgTable(
  "subscription_identifier_exclusion_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    profileType: text("profile_type").notNull(),
    identifier: text("identifier").notNull(),
    active: boolean("active").notNull().default(true),
    reason: text("reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("identifier_exclusion_rules_type_identifier_uq").on(t.profileType, t.identifier),
    check("identifier_exclusion_rules_identifier_check", sql`length(btrim(${t.identifier})) > 0`),
  ],
);

/**
 * **Subscription User Exclusion Rule**: by user principal name, across all profiles (service
 * accounts, executives). Compared case-insensitively, because vendors differ in how they case emails.
 */
export const subscriptionUserExclusionRules = pgTable(
  "subscription_user_exclusion_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userPrincipalName: text("user_principal_name").notNull(),
    active: boolean("active").notNull().default(true),
    reason: text("reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("user_exclusion_rules_upn_lower_uq").on(sql`lower(${t.userPrincipalName})`),
    check("user_exclusion_rules_upn_check", sql`length(btrim(${t.userPrincipalName})) > 0`),
  ],
);

export type SubscriptionIdentifierExclusionRule = typeof subscriptionIdentifierExclusionRules.$inferSelect;
export type NewSubscriptionIdentifierExclusionRule = typeof subscriptionIdentifierExclusionRules.$inferInsert;
export type SubscriptionUserExclusionRule = typeof subscriptionUserExclusionRules.$inferSelect;
export type NewSubscriptionUserExclusionRule = typeof subscriptionUserExclusionRules.$inferInsert;
