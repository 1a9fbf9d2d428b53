import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { actorCan, actorUserId, authorize } from "../../auth/actor";
import { integrationProfiles, JOB_TRIGGERS, scheduledJobs } from "../../db/schema";
import { ServiceError } from "../../errors";
import { isValidCron, nextCronTime } from "../../jobs/cron";
import { ensureJobSchema, notifyWorkers } from "../../jobs/engine";
import { runKindFor } from "../../jobs/registry";
import { alreadyRunningSentence, enqueueRun, openRun } from "../../jobs/runs";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";

const inputSchema = z.object({ scheduledJobId: z.uuid(), trigger: z.enum(JOB_TRIGGERS) });

/**
 * **Execute Now** on a scheduled job of any kind (and the first run that Publish starts at once):
 * inserts the run's `job_results` row `queued` and sends its pg-boss job in ONE transaction, with the
 * audit row of a manual run. Never queues twice: while a run of the job is queued or running, the
 * database's partial unique index refuses a second one and this throws a `conflict` with the
 * sentence to show; pg-boss's singleton queue (keyed by profile) is the second guard.
 *
 * Call it with the database handle after your own transaction has committed, or with your open
 * transaction in `ctx.db` to make the run part of it; never with the global handle while a
 * transaction on it is open (that hangs PGlite).
 */
export async function requestRun(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<{ jobResultId: string }> {
  // A coarse check first (who may run any job at all); the job's kind may then require jobs:run.
  if (!actorCan(ctx.actor, "reconciliation:run")) authorize(ctx.actor, "jobs:run", "run scheduled jobs");
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) throw new ServiceError("invalid_input", "This scheduled job does not exist.");
  const { scheduledJobId, trigger } = parsed.data;
  const db = ctx.db;
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
    const kind = runKindFor(job.kind);
    if (!kind || (kind.scope === "profile" && !job.profileId)) {
      throw new ServiceError("invalid_input", `${job.name} is not a kind of job this workspace can run.`);
    }
    if (!actorCan(ctx.actor, "jobs:run") && !(kind.runPermission && actorCan(ctx.actor, kind.runPermission))) {
      authorize(ctx.actor, "jobs:run", "run scheduled jobs");
    }
    const refusal = kind.refuse?.(job);
    if (refusal) throw new ServiceError("conflict", refusal);
    const outcome = await openRun(tx, {
      id: jobResultId,
      scheduledJobId: job.id,
      profileId: job.profileId,
      trigger,
      triggeredBy: actorUserId(ctx.actor),
    });
    if (!outcome.opened) {
      if (!outcome.open) throw new ServiceError("conflict", `${job.name} was just started. Wait for it to finish.`);
      throw new ServiceError("conflict", alreadyRunningSentence(job.name, outcome.open));
    }
    if (trigger === "manual") {
      await writeAudit(tx, ctx.actor, {
        action: "job.run",
        entityType: "scheduled_job",
        entityId: job.id,
        summary: `Ran ${job.name} now`,
        after: { jobResultId, trigger },
      });
    }
    await enqueueRun(tx, kind, { jobResultId, scheduledJobId: job.id, profileId: job.profileId });
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
