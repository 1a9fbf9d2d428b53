import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { jobResults } from "@/lib/db/schema";
import type { WaitFor } from "./wait-for";

export type JobResultRow = typeof jobResults.$inferSelect;

/** The job result (run) row with this id; it must exist. */
export async function jobResultRow(db: Db, id: string): Promise<JobResultRow> {
  return (await db.select().from(jobResults).where(eq(jobResults.id, id)))[0]!;
}

/** Waits, with the test file's `waitFor`, until the run is completed or failed, and returns its row. */
export function settledRun(waitFor: WaitFor, db: Db, id: string, timeoutMs?: number): Promise<JobResultRow> {
  return waitFor(
    `run ${id} to end`,
    async () => {
      const r = await jobResultRow(db, id);
      return r.state === "completed" || r.state === "failed" ? r : null;
    },
    timeoutMs,
  );
}
