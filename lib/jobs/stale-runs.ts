import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Db } from "../db/client";
import { jobActor } from "../auth/actor";
import { jobResults, OPEN_JOB_STATES, scheduledJobs } from "../db/schema";
import { writeAudit } from "../services/audit/write-audit";
import { runKindFor } from "./registry";
import { requeueForRetry } from "./run-attempt";
import { closeRun, engineDetails, STOPPED_SENTENCE } from "./runs";

export type SweepOptions = {
  /** A running attempt whose heartbeat is older than this belongs to a dead worker. */
  staleAfterSeconds: number;
  /** A queued row younger than this may still be waiting for its job to commit. */
  graceSeconds?: number;
  /**
   * Every active job is orphaned: true only where no other worker can exist, i.e. an embedded PGlite
   * database at the start of the one process that may open it.
   */
  orphanActive?: boolean;
  log?: (message: string) => void;
};

export type SweepOutcome = {
  /** Rows failed with the "worker stopped" sentence, freeing the job's slot. */
  failed: string[];
  /** Rows set back to `queued` because pg-boss will retry them. */
  requeued: string[];
  /** Attempts pg-boss still thought active that the sweep failed in pg-boss (it retries them). */
  forced: string[];
};

const TERMINAL = new Set(["completed", "cancelled", "failed"]);

/**
 * The stale-run sweep (at worker start and every minute): a `job_results` row that is `queued` or
 * `running` holds its job's only slot, so a row whose attempt died must be closed or handed back.
 *
 * - pg-boss finished the job (failed after its last retry, expired, completed, cancelled) or never
 *   got it (the row is older than the grace period and no job exists): the row is failed with the
 *   "worker stopped" sentence and the slot is free.
 * - pg-boss still has the job active but its heartbeat (the row's `updated_at`, stamped every few
 *   seconds by the running attempt; or pg-boss's start of the attempt, if later) is older than
 *   `staleAfterSeconds`: the worker was killed (kill -9, crash, lost machine). The sweep fails the
 *   attempt in pg-boss, which retries it with backoff when attempts remain (the row goes back to
 *   `queued`) or fails it (the row is failed). Without this, pg-boss would only notice at the job's
 *   expiry, hours later.
 * - pg-boss waits to retry the job but the row still says `running` (pg-boss expired the attempt
 *   itself): the row goes back to `queued`.
 *
 * Every write is guarded by the state (and attempt token) it read, so sweeps of several workers and
 * a live attempt never overwrite each other. Before failing an active attempt the sweep reads the
 * pg-boss job again and acts only if it is the same attempt.
 */
export async function sweepStaleRuns(db: Db, boss: PgBoss, options: SweepOptions): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { failed: [], requeued: [], forced: [] };
  const graceSeconds = options.graceSeconds ?? 60;
  const rows = await db
    .select({
      id: jobResults.id,
      state: jobResults.state,
      pgBossJobId: jobResults.pgBossJobId,
      details: jobResults.details,
      kind: scheduledJobs.kind,
      updatedAtMs: sql<number>`(extract(epoch from ${jobResults.updatedAt}) * 1000)::float8`.mapWith(Number),
      createdAtMs: sql<number>`(extract(epoch from ${jobResults.createdAt}) * 1000)::float8`.mapWith(Number),
      nowMs: sql<number>`(extract(epoch from now()) * 1000)::float8`.mapWith(Number),
    })
    .from(jobResults)
    .innerJoin(scheduledJobs, eq(scheduledJobs.id, jobResults.jobId))
    .where(inArray(jobResults.state, [...OPEN_JOB_STATES]));

  for (const row of rows) {
    const state = row.state as (typeof OPEN_JOB_STATES)[number];
    const engine = engineDetails(row.details);
    const token = engine.token ?? undefined;
    const attemptLabel = `attempt ${engine.attempt || 1}${engine.attempts ? ` of ${engine.attempts}` : ""}`;
    // Each kind's runs live in its own queue; a run of a kind no definition knows any more is failed.
    const queue = runKindFor(row.kind)?.id;
    const actor = jobActor("stale-run-sweep", row.id, "Stale-run sweep");
    const fail = async () => {
      const closed = await closeRun(
        db,
        actor,
        row.id,
        { state: "failed", errorText: STOPPED_SENTENCE, history: { attempt: engine.attempt || 1, outcome: "failed", at: new Date().toISOString(), error: STOPPED_SENTENCE } },
        { states: [state], token },
      );
      if (closed) {
        outcome.failed.push(row.id);
        options.log?.(`run ${row.id}: ${STOPPED_SENTENCE}`);
      }
    };
    const requeue = async () => {
      const text = `The worker stopped during ${attemptLabel} (it was restarted or killed). The run will start over shortly; nothing was removed.`;
      const done = await requeueForRetry(db, row.id, row.state === "running" ? token : undefined, { attempt: engine.attempt || 1, outcome: "retrying", at: new Date().toISOString(), error: STOPPED_SENTENCE }, text);
      if (!done) return;
      outcome.requeued.push(row.id);
      await writeAudit(db, actor, { action: "job.requeued", entityType: "job_result", entityId: row.id, summary: text });
    };

    const job = row.pgBossJobId && queue ? await boss.getJobById(queue, row.pgBossJobId, { includeArchive: true }) : null;
    if (!job) {
      if (row.nowMs - row.createdAtMs > graceSeconds * 1000) await fail();
      continue;
    }
    if (TERMINAL.has(job.state)) {
      await fail();
      continue;
    }
    if (job.state === "created" || job.state === "retry") {
      if (row.state === "running") await requeue();
      continue;
    }
    // Active in pg-boss: alive unless its heartbeat stopped.
    const lastSign = Math.max(row.updatedAtMs, job.startedOn ? new Date(job.startedOn).getTime() : 0);
    if (!options.orphanActive && row.nowMs - lastSign <= options.staleAfterSeconds * 1000) continue;
    const again = await boss.getJobById(queue!, job.id);
    if (again?.state !== "active" || new Date(again.startedOn).getTime() !== new Date(job.startedOn).getTime()) continue;
    await boss.fail(queue!, job.id, { message: STOPPED_SENTENCE });
    outcome.forced.push(row.id);
    options.log?.(`run ${row.id}: its worker stopped answering during ${attemptLabel}; pg-boss will retry or fail it.`);
    const after = await boss.getJobById(queue!, job.id, { includeArchive: true });
    if (after && (after.state === "retry" || after.state === "created")) await requeue();
    else await fail();
  }
  return outcome;
}
