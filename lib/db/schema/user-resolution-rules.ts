import "server-only";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, oneOf, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { users } from "./users";

/** The subscription attribute a rule reads. */
export const RESOLUTION_SOURCE_ATTRIBUTES = ["user_principal_name", "external_user_id"] as const;
export type ResolutionSourceAttribute = (typeof RESOLUTION_SOURCE_ATTRIBUTES)[number];

/** How the value is changed before the lookup (the reference product's "Apply transform on input"). */
export const RESOLUTION_TRANSFORMS = ["none", "remove_domain", "replace_domain"] as const;
export type ResolutionTransform = (typeof RESOLUTION_TRANSFORMS)[number];

/** The user directory attribute the transformed value must equal (case-insensitively). */
export const RESOLUTION_LOOKUP_ATTRIBUTES = ["email", "user_name"] as const;
export type ResolutionLookupAttribute = (typeof RESOLUTION_LOOKUP_ATTRIBUTES)[number];

/**
 * User resolution rules, tried in `position` order after the default match (email, then user name)
 * has failed (product.md §1). A rule applies when the source attribute matches `match_pattern` (a
 * POSIX regular expression; null matches everything), e.g. `@contractors\.example\.com$` with
 * `replace_domain` → `example.com` looked up by `email`. There is no script transform: it would run
 * code typed into a form.
 */
export const userResolutionRules = pgTable(
  "user_resolution_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    active: boolean("active").notNull().default(true),
    /** Null: every profile. Deleting the profile deletes rules that only concerned it. */
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "cascade" }),
    sourceAttribute: text("source_attribute")
      .$type<ResolutionSourceAttribute>()
      .notNull()
      .default("user_principal_name"),
    matchPattern: text("match_pattern"),
    transform: text("transform").$type<ResolutionTransform>().notNull().default("none"),
    newDomain: text("new_domain"),
    lookupAttribute: text("lookup_attribute").$type<ResolutionLookupAttribute>().notNull().default("email"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("user_resolution_rules_position_idx").on(t.position, t.id),
    index("user_resolution_rules_profile_idx").on(t.profileId),
    check("user_resolution_rules_source_check", oneOf(t.sourceAttribute, RESOLUTION_SOURCE_ATTRIBUTES)),
    check("user_resolution_rules_transform_check", oneOf(t.transform, RESOLUTION_TRANSFORMS)),
    check("user_resolution_rules_lookup_check", oneOf(t.lookupAttribute, RESOLUTION_LOOKUP_ATTRIBUTES)),
    // Replace domain needs the new domain; the other transforms must not carry one.
    check(
      "user_resolution_rules_new_domain_check",
      sql`(${t.transform} = 'replace_domain') = (${t.newDomain} is not null)`,
    ),
  ],
);

export type UserResolutionRule = typeof userResolutionRules.$inferSelect;
export type NewUserResolutionRule = typeof userResolutionRules.$inferInsert;
