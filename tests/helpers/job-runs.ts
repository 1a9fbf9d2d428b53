import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { downloadResults, jobResults, type DownloadResult } from "@/lib/db/schema";
import type { WaitFor } from "./wait-for";

type DownloadCounts = Omit<DownloadResult, "jobResultId" | "updatedAt">;
/** A run's generic row with a download's counters beside it (zeros while the run has written none). */
export type JobResultRow = typeof jobResults.$inferSelect & DownloadCounts & { hasDownloadCounters: boolean };

const noCounts: DownloadCounts = {
  pages: 0,
  membersRead: 0,
  totalExpected: null,
  subscriptionsCreated: 0,
  subscriptionsUpdated: 0,
  subscriptionsUnchanged: 0,
  subscriptionsRemoved: 0,
  subscriptionsExcluded: 0,
  unrecognizedIdentifiers: 0,
  httpRetries: 0,
  rateLimited: 0,
};

/** The job result (run) row with this id and its download counters; it must exist. */
export async function jobResultRow(db: Db, id: string): Promise<JobResultRow> {
  const [row] = await db.select().from(jobResults).leftJoin(downloadResults, eq(downloadResults.jobResultId, jobResults.id)).where(eq(jobResults.id, id));
  const { jobResultId: _id, updatedAt: _at, ...counts } = row!.download_results ?? { ...noCounts, jobResultId: id, updatedAt: null };
  return { ...row!.job_results, ...counts, hasDownloadCounters: row!.download_results !== null };
}

/** Writes a download's counters for a run, as the download's progress writer would (tests' fake downloads). */
export async function writeDownloadCounts(db: Db, jobResultId: string, counts: Partial<DownloadCounts>): Promise<void> {
  await db.insert(downloadResults).values({ jobResultId, ...counts }).onConflictDoUpdate({ target: downloadResults.jobResultId, set: counts });
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
