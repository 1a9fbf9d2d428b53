import "server-only";
import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { jobResults } from "./jobs";

/**
 * The members one download run has written, one row per batch: the mark of mark and sweep.
 *
 * Why not stamp every subscription with the run instead (`software_subscriptions.last_seen_run_id`
 * on every row): on a 100,000-member organization that rewrites 100,000 rows per run even when
 * nothing changed. Measured on PostgreSQL 15, those updates are not HOT (the table's pages are full,
 * and drizzle cannot declare a fillfactor), so each one also inserts into all twelve indexes of the
 * table: 4-9 s per unchanged re-sync, and table and indexes doubling until vacuum. Here an unchanged
 * member costs one index lookup and no write; a run writes one small row per 100 members, and the
 * sweep compares the profile's current subscriptions with these ids in one set operation.
 *
 * A batch whose members are exactly the profile's current subscriptions between its smallest and
 * largest id (the usual case of a re-sync: same ids, same hashes) writes nothing here: the run keeps
 * that id range in memory and hands it to the sweep (write-page.ts, finish-run.ts).
 *
 * Rows live only while their run does: the download deletes them after the sweep, when it fails,
 * and, for a worker that died, when the profile's next run starts. Cascade covers a purged run.
 */
export const downloadSeenMembers = pgTable(
  "download_seen_members",
  {
    jobResultId: uuid("job_result_id")
      .notNull()
      .references(() => jobResults.id, { onDelete: "cascade" }),
    /**
     * The attempt that wrote it (the job engine's attempt token): a run retried or handed to another
     * worker has several attempts, and each sweeps and clears only what it saw itself.
     */
    attempt: uuid("attempt").notNull(),
    /** 1-based page number within the attempt. */
    page: integer("page").notNull(),
    /** The vendor's user ids of that batch (Miro: member ids). */
    externalUserIds: text("external_user_ids").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobResultId, t.attempt, t.page] })],
);

export type DownloadSeenMembers = typeof downloadSeenMembers.$inferSelect;

/**
 * What a download did not sweep because it would have removed more than the profile's guard allows
 * (a listing cut short looks exactly like members leaving): the vendor ids it did not see, kept until
 * an integrator selects **Confirm removals** on the run, or a later run supersedes it.
 */
export const downloadPendingRemovals = pgTable("download_pending_removals", {
  jobResultId: uuid("job_result_id")
    .primaryKey()
    .references(() => jobResults.id, { onDelete: "cascade" }),
  externalUserIds: text("external_user_ids").array().notNull(),
});

export type DownloadPendingRemovals = typeof downloadPendingRemovals.$inferSelect;
