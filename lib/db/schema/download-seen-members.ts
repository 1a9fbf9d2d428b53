import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { jobResults } from "./jobs";

/**
 * The members one download run has seen, one row per page read: the mark of mark and sweep.
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
 * largest id (the usual case of a re-sync: same ids, same hashes) is recorded as that range instead
 * of its ids (`low`, `high`; write-page.ts): every current row in the range was seen.
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
    /** 1-based page number within the run. */
    page: integer("page").notNull(),
    /** The vendor's user ids of that page (Miro: member ids); empty when the batch is a range. */
    externalUserIds: text("external_user_ids").array().notNull(),
    /** A batch seen as a range: every current subscription with an id from `low` to `high`. */
    low: text("low"),
    high: text("high"),
  },
  (t) => [
    primaryKey({ columns: [t.jobResultId, t.page] }),
    check("download_seen_members_range_check", sql`(${t.low} is null) = (${t.high} is null)`),
  ],
);

export type DownloadSeenMembers = typeof downloadSeenMembers.$inferSelect;
