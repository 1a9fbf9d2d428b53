import "server-only";
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, oneOf, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { users } from "./users";

import { SOFTWARE_MODEL_SOURCES, SOFTWARE_MODEL_STATUSES, type SoftwareModelSource, type SoftwareModelStatus } from "./software-model-labels";
export {
  SOFTWARE_MODEL_SOURCES,
  SOFTWARE_MODEL_STATUSES,
  SOFTWARE_MODEL_STATUS_LABELS,
  type SoftwareModelSource,
  type SoftwareModelStatus,
} from "./software-model-labels";

/**
 * Software models: what subscriptions are counted as, what entitlements are bought for and what
 * reconciliation reports on, e.g. publisher "Miro", product "Miro Enterprise", edition "Full", display
 * name "Miro Enterprise — Full". A model outlives the profile that created it (set null), because its
 * entitlements, reclamation rule and reconciliation history stay meaningful.
 */
export const softwareModels = pgTable(
  "software_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    displayName: text("display_name").notNull(),
    publisher: text("publisher").notNull(),
    product: text("product").notNull(),
    edition: text("edition"),
    status: text("status").$type<SoftwareModelStatus>().notNull().default("in_production"),
    source: text("source").$type<SoftwareModelSource>().notNull().default("auto"),
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("software_models_profile_idx").on(t.profileId),
    index("software_models_display_name_idx").on(t.displayName, t.id),
    index("software_models_publisher_product_idx").on(t.publisher, t.product),
    check("software_models_status_check", oneOf(t.status, SOFTWARE_MODEL_STATUSES)),
    check("software_models_source_check", oneOf(t.source, SOFTWARE_MODEL_SOURCES)),
    check("software_models_display_name_check", sql`length(btrim(${t.displayName})) > 0`),
  ],
);

export type SoftwareModel = typeof softwareModels.$inferSelect;
export type NewSoftwareModel = typeof softwareModels.$inferInsert;
