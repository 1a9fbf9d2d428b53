import "server-only";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { softwareModels } from "./software-models";
import { users } from "./users";

/**
 * **Reclamation rules** (product.md §5): one per software model, created by Publish, edited by a
 * sam_admin. Rules are kept when their profile is deleted or their model goes away (set null): a rule
 * holds a person's decisions (threshold, notification) and the removal candidates it produced still
 * point at it.
 */
export const reclamationRules = pgTable(
  "reclamation_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    softwareModelId: uuid("software_model_id").references(() => softwareModels.id, { onDelete: "set null" }),
    /** The profile whose publication created the rule; informational. */
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "set null" }),
    /** **Last activity threshold**: days without activity before a subscription becomes a candidate. */
    lastActivityThresholdDays: integer("last_activity_threshold_days").notNull().default(60),
    /** **Notify user**: ask the user (Keep / Release) before reclaiming. */
    notifyUser: boolean("notify_user").notNull().default(false),
    /** **Days before auto-reclamation**: how long a notified user has to answer; required with Notify user. */
    daysBeforeAutoReclamation: integer("days_before_auto_reclamation"),
    /** **Create reclamation candidate**: when cleared, the rule is evaluated by Preview only. */
    createCandidates: boolean("create_candidates").notNull().default(true),
    assignmentGroup: text("assignment_group"),
    /** The notice's subject and body with {{placeholders}}; null: the built-in text. */
    noticeSubject: text("notice_subject"),
    noticeBody: text("notice_body"),
    /** Grace period: a seat assigned fewer days ago than this is never a candidate. */
    gracePeriodDays: integer("grace_period_days").notNull().default(30),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One rule per model keeps evaluation unambiguous and Publish idempotent (`on conflict do
    // nothing`). Rules whose model was deleted (null) do not collide.
    uniqueIndex("reclamation_rules_model_uq").on(t.softwareModelId),
    index("reclamation_rules_profile_idx").on(t.profileId),
    check("reclamation_rules_threshold_check", sql`${t.lastActivityThresholdDays} between 1 and 3650`),
    check("reclamation_rules_grace_check", sql`${t.gracePeriodDays} between 0 and 3650`),
    check(
      "reclamation_rules_auto_days_check",
      sql`${t.daysBeforeAutoReclamation} is null or ${t.daysBeforeAutoReclamation} between 1 and 365`,
    ),
    check(
      "reclamation_rules_notify_check",
      sql`not ${t.notifyUser} or ${t.daysBeforeAutoReclamation} is not null`,
    ),
  ],
);

export type ReclamationRule = typeof reclamationRules.$inferSelect;
export type NewReclamationRule = typeof reclamationRules.$inferInsert;
