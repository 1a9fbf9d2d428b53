import "server-only";
import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { integrationProfiles, scheduledJobs } from "../db/schema";
import { nextCronTime } from "./cron";
import { runKindFor, runKinds } from "./registry";
import { deterministicUuid, enqueueRun, formatRunTime, openRun } from "./runs";

export type DispatchOutcome = {
  /** Runs queued: `job_results` ids. */
  enqueued: { scheduledJobId: string; jobResultId: string; dueAt: Date }[];
  /** Due jobs that already had a run open (the slot is skipped, the schedule moves on). */
  skipped: { scheduledJobId: string; reason: string }[];
  /** Jobs whose cron could not be read; the others still run. */
  invalid: { scheduledJobId: string; reason: string }[];
};

/**
 * The dispatcher: for every active scheduled job of a registered kind whose cron is due (and that its
 * kind lets run: a download needs a published profile), queue one run. "Due" is `next_run_at <= now`; a job that has no `next_run_at`
 * yet is due at the first cron time after it was created. Missed slots (the server was down) are
 * caught up by ONE run, never one per slot.
 *
 * Never twice: the claim (`next_run_at` moved past now, only while it is still due) runs in the same
 * transaction as the run's row and its pg-boss job, so a second dispatcher (another instance, or a
 * retry) finds nothing due; the run's id is derived from (job, slot), so the same slot can never
 * produce two rows; and the partial unique index refuses a run while another is open.
 */
export async function dispatchDueRuns(db: Db, options: { now?: Date; log?: (message: string) => void } = {}): Promise<DispatchOutcome> {
  const now = options.now ?? new Date();
  const outcome: DispatchOutcome = { enqueued: [], skipped: [], invalid: [] };
  const jobs = await db
    .select({
      id: scheduledJobs.id,
      name: scheduledJobs.name,
      cron: scheduledJobs.cron,
      timeZone: scheduledJobs.timeZone,
      nextRunAt: scheduledJobs.nextRunAt,
      createdAt: scheduledJobs.createdAt,
      kind: scheduledJobs.kind,
      profileId: scheduledJobs.profileId,
      profileName: integrationProfiles.displayName,
      profileStatus: integrationProfiles.status,
    })
    .from(scheduledJobs)
    .leftJoin(integrationProfiles, eq(integrationProfiles.id, scheduledJobs.profileId))
    .where(and(inArray(scheduledJobs.kind, runKinds().map((k) => k.kind)), eq(scheduledJobs.active, true)));

  for (const job of jobs) {
    const kind = runKindFor(job.kind);
    // A job its kind will not run now (a download of a Draft profile) waits without using up its slot.
    if (!kind || (kind.scope === "profile" && !job.profileId) || kind.refuse?.(job)) continue;
    let dueAt: Date;
    let following: Date;
    try {
      dueAt = job.nextRunAt ?? nextCronTime(job.cron, job.timeZone, job.createdAt);
      following = nextCronTime(job.cron, job.timeZone, now > dueAt ? now : dueAt);
    } catch (error) {
      const reason = `The schedule "${job.cron}" (${job.timeZone}) of ${job.name} cannot be read: ${(error as Error).message}`;
      outcome.invalid.push({ scheduledJobId: job.id, reason });
      options.log?.(reason);
      continue;
    }
    if (dueAt > now) {
      if (!job.nextRunAt) {
        // Shows the next run in the lists; only if no other dispatcher set it meanwhile.
        await db.update(scheduledJobs).set({ nextRunAt: dueAt }).where(and(eq(scheduledJobs.id, job.id), isNull(scheduledJobs.nextRunAt)));
      }
      continue;
    }
    const profileId = job.profileId;
    // The same slot always gets the same id.
    const jobResultId = deterministicUuid(`${kind.slotKey ?? kind.kind}:${job.id}:${dueAt.toISOString()}`);
    await db.transaction(async (tx) => {
      const claimed = await tx
        .update(scheduledJobs)
        .set({ nextRunAt: following })
        .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.active, true), or(isNull(scheduledJobs.nextRunAt), lte(scheduledJobs.nextRunAt, now))))
        .returning({ id: scheduledJobs.id });
      if (!claimed[0]) return;
      const opened = await openRun(tx, { id: jobResultId, scheduledJobId: job.id, profileId, trigger: "schedule" });
      if (!opened.opened) {
        const reason = opened.open
          ? `${job.name} was due at ${formatRunTime(dueAt)} but a run started ${formatRunTime(opened.open.startedAt ?? opened.open.createdAt)} is still open; the next run is at ${formatRunTime(following)}.`
          : `${job.name} was already dispatched for ${formatRunTime(dueAt)}.`;
        outcome.skipped.push({ scheduledJobId: job.id, reason });
        options.log?.(reason);
        return;
      }
      await enqueueRun(tx, kind, { jobResultId, scheduledJobId: job.id, profileId });
      outcome.enqueued.push({ scheduledJobId: job.id, jobResultId, dueAt });
    });
  }
  return outcome;
}
