import "server-only";
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, currency, currencyCheck, money, oneOf, updatedAt } from "./columns";
import { softwareModels } from "./software-models";
import { users } from "./users";

import {
  ENTITLEMENT_STATES,
  type EntitlementState,
  LICENSE_METRICS,
  type LicenseMetric,
  SUBSCRIPTION_PERIODS,
  type SubscriptionPeriod,
} from "./entitlement-labels";
export {
  ENTITLEMENT_STATE_LABELS,
  ENTITLEMENT_STATES,
  type EntitlementState,
  LICENSE_METRIC_LABELS,
  LICENSE_METRICS,
  type LicenseMetric,
  SUBSCRIPTION_PERIOD_LABELS,
  SUBSCRIPTION_PERIODS,
  type SubscriptionPeriod,
} from "./entitlement-labels";

/**
 * **Software entitlements**: the rights the company bought for a software model. A model with
 * entitlements cannot be deleted (restrict): purchase records are not thrown away with a model.
 */
export const entitlements = pgTable(
  "entitlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    displayName: text("display_name"),
    softwareModelId: uuid("software_model_id")
      .notNull()
      .references(() => softwareModels.id, { onDelete: "restrict" }),
    licenseMetric: text("license_metric").$type<LicenseMetric>().notNull().default("user_subscription"),
    purchasedRights: integer("purchased_rights").notNull(),
    /** Price of one right for one `subscription_period`. */
    unitCost: money("unit_cost").notNull(),
    currency: currency().notNull().default("USD"),
    subscriptionPeriod: text("subscription_period").$type<SubscriptionPeriod>().notNull().default("annually"),
    /** Calendar dates of the contract, not instants: no time zone applies. */
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    costCenter: text("cost_center"),
    /** Days before the end date by which the vendor must be told of a change (renewals). */
    noticePeriodDays: integer("notice_period_days"),
    vendor: text("vendor"),
    purchaseOrder: text("purchase_order"),
    notes: text("notes"),
    state: text("state").$type<EntitlementState>().notNull().default("in_use"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("entitlements_model_state_idx").on(t.softwareModelId, t.state),
    index("entitlements_end_date_idx").on(t.endDate),
    check("entitlements_metric_check", oneOf(t.licenseMetric, LICENSE_METRICS)),
    check("entitlements_period_check", oneOf(t.subscriptionPeriod, SUBSCRIPTION_PERIODS)),
    check("entitlements_state_check", oneOf(t.state, ENTITLEMENT_STATES)),
    check("entitlements_rights_check", sql`${t.purchasedRights} >= 0`),
    check("entitlements_notice_check", sql`${t.noticePeriodDays} is null or ${t.noticePeriodDays} between 0 and 3650`),
    check("entitlements_unit_cost_check", sql`${t.unitCost} >= 0`),
    check("entitlements_currency_check", currencyCheck(t.currency)),
    check(
      "entitlements_dates_check",
      sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`,
    ),
  ],
);

export type Entitlement = typeof entitlements.$inferSelect;
export type NewEntitlement = typeof entitlements.$inferInsert;
