import "server-only";
import { sql } from "drizzle-orm";
import { check, integer, pgTable, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";
import { jobResults } from "./jobs";

/**
 * The counters of one download run (product.md §4.8), beside its generic `job_results` row: written
 * about once a second while it reads and once at the end, so the lists show live progress. A run of
 * another kind has no row here.
 */
export const downloadResults = pgTable(
  "download_results",
  {
    jobResultId: uuid("job_result_id")
      .primaryKey()
      .references(() => jobResults.id, { onDelete: "cascade" }),
    pages: integer("pages").notNull().default(0),
    membersRead: integer("members_read").notNull().default(0),
    /** What the vendor says the organization holds, where it says so; null when unknown. */
    totalExpected: integer("total_expected"),
    subscriptionsCreated: integer("subscriptions_created").notNull().default(0),
    subscriptionsUpdated: integer("subscriptions_updated").notNull().default(0),
    subscriptionsUnchanged: integer("subscriptions_unchanged").notNull().default(0),
    subscriptionsRemoved: integer("subscriptions_removed").notNull().default(0),
    subscriptionsExcluded: integer("subscriptions_excluded").notNull().default(0),
    unrecognizedIdentifiers: integer("unrecognized_identifiers").notNull().default(0),
    httpRetries: integer("http_retries").notNull().default(0),
    /** How many 429 answers the run met (a subset of the retries). */
    rateLimited: integer("rate_limited").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "download_results_counts_check",
      sql`least(${sql.join(
        [
          t.pages,
          t.membersRead,
          t.subscriptionsCreated,
          t.subscriptionsUpdated,
          t.subscriptionsUnchanged,
          t.subscriptionsRemoved,
          t.subscriptionsExcluded,
          t.unrecognizedIdentifiers,
          t.httpRetries,
          t.rateLimited,
        ],
        sql`, `,
      )}) >= 0`,
    ),
  ],
);

export type DownloadResult = typeof downloadResults.$inferSelect;
