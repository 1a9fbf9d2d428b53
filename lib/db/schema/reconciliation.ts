import "server-only";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, currency, currencyCheck, money } from "./columns";
import { jobResults, jobStateEnum } from "./jobs";
import { softwareModels } from "./software-models";
import { users } from "./users";

/**
 * One reconciliation (the weekly job or **Run reconciliation**). It shares the job states: queued,
 * running, completed, failed. A failed run has no results: a run's results are written in the same
 * transaction that completes it, so License usage never shows half a run.
 */
export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    state: jobStateEnum("state").notNull().default("queued"),
    /** The scheduled job's result when the weekly job ran it; null when started on demand. */
    jobResultId: uuid("job_result_id").references(() => jobResults.id, { onDelete: "set null" }),
    triggeredBy: uuid("triggered_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: at("started_at"),
    endedAt: at("ended_at"),
    errorText: text("error_text"),
    createdAt: createdAt(),
  },
  (t) => [
    index("reconciliation_runs_created_idx").on(t.createdAt.desc(), t.id),
    index("reconciliation_runs_job_result_idx").on(t.jobResultId),
    // One reconciliation at a time in the workspace: on demand and weekly cannot interleave.
    uniqueIndex("reconciliation_runs_one_open_uq")
      .on(sql`(true)`)
      .where(sql`${t.state} in ('queued', 'running')`),
    check("reconciliation_runs_ended_check", sql`${t.state} in ('queued', 'running') or ${t.endedAt} is not null`),
  ],
);

/**
 * One row per run and software model: what **License usage** shows, and its history. Computed by SQL
 * aggregation (product.md §6). Amounts that need a unit cost are null when the model has no
 * entitlement in use, rather than a misleading zero.
 */
export const reconciliationResults = pgTable(
  "reconciliation_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: "cascade" }),
    /** A model's deletion takes its history with it: results without their model mean nothing. */
    softwareModelId: uuid("software_model_id")
      .notNull()
      .references(() => softwareModels.id, { onDelete: "cascade" }),
    /** Purchased rights of the model's In use entitlements. */
    rightsOwned: integer("rights_owned").notNull(),
    /** Active, non-excluded, current subscriptions of the model. */
    rightsUsed: integer("rights_used").notNull(),
    /** greatest(owned − used, 0). */
    rightsAvailable: integer("rights_available").notNull(),
    /** greatest(used − owned, 0). */
    unlicensedSubscriptions: integer("unlicensed_subscriptions").notNull(),
    compliant: boolean("compliant").notNull(),
    /** Shown beside the counts so that a person sees what was left out. */
    excludedSubscriptions: integer("excluded_subscriptions").notNull().default(0),
    /** The unit cost used for the amounts below (lowest in-use price per right), if any. */
    unitCost: money("unit_cost"),
    /** Unused rights × unit cost. */
    overLicensedAmount: money("over_licensed_amount"),
    /** Missing rights × unit cost. */
    trueUpCost: money("true_up_cost"),
    /** Sum over the model's open removal candidates. */
    potentialSavings: money("potential_savings").notNull().default("0"),
    /** Sum over the model's Closed Complete candidates. */
    actualSavings: money("actual_savings").notNull().default("0"),
    currency: currency(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reconciliation_results_run_model_uq").on(t.runId, t.softwareModelId),
    // A model's history of runs, newest first.
    index("reconciliation_results_model_created_idx").on(t.softwareModelId, t.createdAt.desc()),
    check(
      "reconciliation_results_counts_check",
      sql`least(${sql.join(
        [t.rightsOwned, t.rightsUsed, t.rightsAvailable, t.unlicensedSubscriptions, t.excludedSubscriptions],
        sql`, `,
      )}) >= 0`,
    ),
    check(
      "reconciliation_results_arithmetic_check",
      sql`${t.rightsAvailable} = greatest(${t.rightsOwned} - ${t.rightsUsed}, 0)
        and ${t.unlicensedSubscriptions} = greatest(${t.rightsUsed} - ${t.rightsOwned}, 0)`,
    ),
    check("reconciliation_results_compliant_check", sql`${t.compliant} = (${t.unlicensedSubscriptions} = 0)`),
    check(
      "reconciliation_results_money_check",
      sql`coalesce(${t.unitCost}, 0) >= 0 and coalesce(${t.overLicensedAmount}, 0) >= 0
        and coalesce(${t.trueUpCost}, 0) >= 0 and ${t.potentialSavings} >= 0 and ${t.actualSavings} >= 0`,
    ),
    check("reconciliation_results_currency_check", sql`${t.currency} is null or ${currencyCheck(t.currency)}`),
  ],
);

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type NewReconciliationRun = typeof reconciliationRuns.$inferInsert;
export type ReconciliationResult = typeof reconciliationResults.$inferSelect;
export type NewReconciliationResult = typeof reconciliationResults.$inferInsert;
