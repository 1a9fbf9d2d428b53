import "server-only";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, oneOf, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { JOB_STATES, type JobState } from "./job-labels";
import { users } from "./users";
export { JOB_STATE_LABELS, JOB_STATES, type JobState } from "./job-labels";

/**
 * What a job does. Plain text typed by this union (no CHECK), because new kinds arrive with new
 * features and should not need a migration; the job registry refuses a kind it does not know.
 */
export type JobKind =
  | "download_subscriptions"
  | "update_removal_candidates"
  | "process_removal_candidates"
  | "reconciliation"
  | (string & {});

/**
 * **Scheduled jobs**, e.g. "SAM - Refresh <Display Name> Subscriptions" (kind
 * `download_subscriptions`, daily) created by Publish. Profile jobs go with their profile (cascade);
 * workspace-wide jobs (reconciliation, the weekly candidate update) have no profile.
 */
export const scheduledJobs = pgTable(
  "scheduled_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind").$type<JobKind>().notNull(),
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "cascade" }),
    /** Five-field cron expression, evaluated in `time_zone`. */
    cron: text("cron").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    active: boolean("active").notNull().default(true),
    nextRunAt: at("next_run_at"),
    lastRunAt: at("last_run_at"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("scheduled_jobs_name_lower_uq").on(sql`lower(${t.name})`),
    // One job of a kind per profile, and one workspace-wide job of a kind: publishing twice cannot
    // schedule the download twice.
    uniqueIndex("scheduled_jobs_profile_kind_uq").on(t.profileId, t.kind).where(sql`${t.profileId} is not null`),
    uniqueIndex("scheduled_jobs_global_kind_uq").on(t.kind).where(sql`${t.profileId} is null`),
    index("scheduled_jobs_next_run_idx").on(t.nextRunAt).where(sql`${t.active}`),
  ],
);

/**
 * The life of one run. A run cut short (crash, 401 after refresh, partial download) is `failed`; one
 * that finished but held back part of its work for a person to confirm is `completed_with_warnings`.
 */
export const jobStateEnum = pgEnum("job_state", JOB_STATES);
export const OPEN_JOB_STATES = ["queued", "running"] as const satisfies readonly JobState[];

/** Who started a run: the schedule, a person ("Run now"), or Publish (the first run starts at once). */
export const JOB_TRIGGERS = ["schedule", "manual", "publish"] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/**
 * **Scheduled job results**: one row per run, written when the run is queued and updated as it goes,
 * so the UI shows live progress. It holds what every kind shares (state, times, the words of an error
 * or a warning); what a kind counts lives with the kind: a download's counters in `download_results`
 * (product.md §4.8), smaller kinds' in `details`.
 */
export const jobResults = pgTable(
  "job_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => scheduledJobs.id, { onDelete: "cascade" }),
    /** Copied from the job so the profile's related list needs no join; removed with the profile. */
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "cascade" }),
    state: jobStateEnum("state").notNull().default("queued"),
    trigger: text("trigger").$type<JobTrigger>().notNull().default("schedule"),
    triggeredBy: uuid("triggered_by").references(() => users.id, { onDelete: "set null" }),
    pgBossJobId: text("pg_boss_job_id"),
    startedAt: at("started_at"),
    endedAt: at("ended_at"),

    /** Why the run failed, in words a person can act on. */
    errorText: text("error_text"),
    /** What a run Completed with warnings held back, and what a person can do about it. */
    warningText: text("warning_text"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),

    createdAt: createdAt(),
    /** Bumped with every progress write: a running row that stops moving is a dead worker. */
    updatedAt: updatedAt(),
  },
  (t) => [
    index("job_results_job_created_idx").on(t.jobId, t.createdAt.desc()),
    index("job_results_profile_created_idx").on(t.profileId, t.createdAt.desc()),
    index("job_results_created_idx").on(t.createdAt.desc(), t.id),
    index("job_results_pg_boss_idx").on(t.pgBossJobId),
    // Two runs of the same job never overlap (product.md §4): the database refuses a second open run
    // whatever the queue does. A dead worker's row must be failed by the stale-run sweep to free it.
    uniqueIndex("job_results_one_open_run_per_job_uq")
      .on(t.jobId)
      .where(sql`${t.state} in ('queued', 'running')`),
    check("job_results_trigger_check", oneOf(t.trigger, JOB_TRIGGERS)),
    check("job_results_ended_check", sql`${t.state} in ('queued', 'running') or ${t.endedAt} is not null`),
  ],
);

export type ScheduledJob = typeof scheduledJobs.$inferSelect;
export type NewScheduledJob = typeof scheduledJobs.$inferInsert;
export type JobResult = typeof jobResults.$inferSelect;
export type NewJobResult = typeof jobResults.$inferInsert;
