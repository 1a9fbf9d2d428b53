import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { jobResults, type JobState } from "../db/schema";

/** Polls until `done` says yes; the demo's seeding waits on the job worker this way, never on its internals. */
export async function waitFor(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The end state of a run the worker picks up from the queue (what Scheduled job results shows). */
export async function waitForRun(db: Db, jobResultId: string, timeoutMs: number): Promise<JobState> {
  let state: JobState = "queued";
  await waitFor(
    async () => {
      const [row] = await db.select({ state: jobResults.state }).from(jobResults).where(eq(jobResults.id, jobResultId));
      state = row?.state ?? "queued";
      return state !== "queued" && state !== "running";
    },
    timeoutMs,
    "a run of the job worker (is OPENSAM_WORKER off?)",
  );
  return state;
}
