import "server-only";
import { sql } from "drizzle-orm";
import { bigint, check, pgTable, smallint } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";

/**
 * The test clock's one row (lib/clock/app-clock.ts): how far the app's "now" is ahead of real time.
 * In the database because the web server and the job worker are separate processes that must agree
 * on the date. Read only when OPENSAM_TEST_CLOCK is on.
 */
export const testClock = pgTable(
  "test_clock",
  {
    id: smallint("id").primaryKey().default(1),
    offsetMs: bigint("offset_ms", { mode: "number" }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [check("test_clock_single_row_check", sql`${t.id} = 1`), check("test_clock_offset_check", sql`${t.offsetMs} >= 0`)],
);
