import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import type { DbOrTx } from "../../db";
import { integrationProfiles, JOB_TRIGGERS, scheduledJobs, type JobTrigger } from "../../db/schema";
import { ServiceError } from "../../errors";
import { isValidCron, nextCronTime } from "../../jobs/cron";
import { ensureJobSchema, notifyWorkers } from "../../jobs/engine";
import { alreadyRunningSentence, enqueueDownloadRun, openRun } from "../../jobs/runs";
import { writeAudit } from "../audit/write-audit";

export type RequestDownloadRunInput = {
  scheduledJobId: string;
  trigger: JobTrigger;
  /** The person who asked (Execute Now, Publish); checked for `jobs:run` when given. */
  actor?: ServiceActor;
};

const inputSchema = z.object({ scheduledJobId: z.uuid(), trigger: z.enum(JOB_TRIGGERS) });

/**
 * **Execute Now** on a download job (and the first run that Publish starts at once): inserts the
 * run's `job_results` row `queued` and sends its pg-boss job in ONE transaction, with the audit row
 * of a manual run. Never queues twice: while a run of the job is queued or running, the database's
 * partial unique index refuses a second one and this throws a `conflict` with the sentence to show;
 * pg-boss's singleton queue (keyed by profile) is the second guard.
 *
 * Call it with the database handle after your own transaction has committed, or with your open
 * transaction (`tx`) to make the run part of it; never with the global handle while a transaction on
 * it is open (that hangs PGlite).
 */
export async function requestDownloadRun(db: DbOrTx, input: RequestDownloadRunInput): Promise<{ jobResultId: string }> {
  if (input.actor) assertCan(input.actor, "jobs:run", "run scheduled jobs");
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("invalid_input", "This scheduled job does not exist.");
  const { scheduledJobId, trigger } = parsed.data;
  await ensureJobSchema(db);

  const jobResultId = randomUUID();
  await db.transaction(async (tx) => {
    const [job] = await tx
      .select({
        id: scheduledJobs.id,
        name: scheduledJobs.name,
        kind: scheduledJobs.kind,
        cron: scheduledJobs.cron,
        timeZone: scheduledJobs.timeZone,
        nextRunAt: scheduledJobs.nextRunAt,
        profileId: scheduledJobs.profileId,
        profileStatus: integrationProfiles.status,
        profileName: integrationProfiles.displayName,
      })
      .from(scheduledJobs)
      .leftJoin(integrationProfiles, eq(integrationProfiles.id, scheduledJobs.profileId))
      .where(eq(scheduledJobs.id, scheduledJobId));
    if (!job) throw new ServiceError("not_found", "This scheduled job no longer exists.");
    if (job.kind !== "download_subscriptions" || !job.profileId) {
      throw new ServiceError("invalid_input", `${job.name} is not a subscription download job.`);
    }
    if (job.profileStatus !== "published") {
      throw new ServiceError(
        "conflict",
        `${job.name} cannot run while ${job.profileName ?? "its profile"} is in Draft: validate and publish the profile first.`,
      );
    }
    const outcome = await openRun(tx, {
      id: jobResultId,
      scheduledJobId: job.id,
      profileId: job.profileId,
      trigger,
      triggeredBy: input.actor?.id ?? null,
    });
    if (!outcome.opened) {
      if (!outcome.open) throw new ServiceError("conflict", `${job.name} was just started. Wait for it to finish.`);
      throw new ServiceError("conflict", alreadyRunningSentence(job.name, outcome.open));
    }
    if (trigger === "manual" && input.actor) {
      await writeAudit(tx, input.actor, {
        action: "job.run",
        entityType: "scheduled_job",
        entityId: job.id,
        summary: `Ran ${job.name} now`,
        after: { jobResultId, trigger },
      });
    }
    await enqueueDownloadRun(tx, { jobResultId, scheduledJobId: job.id, profileId: job.profileId });
    if (!job.nextRunAt && isValidCron(job.cron, job.timeZone)) {
      // A job just published learns its next scheduled run now rather than at the next dispatch.
      await tx
        .update(scheduledJobs)
        .set({ nextRunAt: nextCronTime(job.cron, job.timeZone, new Date()) })
        .where(and(eq(scheduledJobs.id, job.id), isNull(scheduledJobs.nextRunAt)));
    }
  });
  notifyWorkers(db);
  return { jobResultId };
}
