import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Db } from "../db/client";
import { jobResults, OPEN_JOB_STATES, scheduledJobs } from "../db/schema";
import { jobActor } from "../auth/actor";
import type { RunKind } from "./definitions";
import { closeRun, engineDetails, STOPPED_SENTENCE, withEngine, type EngineDetails } from "./runs";

export type AttemptContext = {
  db: Db;
  /** How often a running attempt stamps `job_results.updated_at` (its heartbeat). */
  heartbeatMs: number;
  /** Aborted when the worker stops: the attempt ends and pg-boss retries it. */
  stopping: AbortSignal;
  log: (message: string) => void;
};

type StopReason = "shutdown" | "timeout" | "superseded";
class AttemptStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`attempt stopped: ${reason}`);
  }
}

/** Ends with a full stop, so that "Attempt 1 of 3 failed: … It will be retried." reads well. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 360) / 10} hours`;
}

/** Errors whose message is already a sentence for a person (the download's, the vendor's, ours). */
const SENTENCE_ERRORS = new Set(["DownloadError", "VendorError", "ServiceError"]);

function errorSentence(error: unknown, reason: StopReason | undefined, expireInSeconds: number, label: string): string {
  if (reason === "shutdown") return STOPPED_SENTENCE;
  if (reason === "timeout") {
    return `The run took longer than ${formatDuration(expireInSeconds)} and was stopped. The next run will start over; nothing was removed.`;
  }
  if (error instanceof Error && SENTENCE_ERRORS.has(error.name)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `${label} stopped on an unexpected error: ${message}`;
}

/** SQL guard: the row still belongs to this attempt (a download that rewrote `details` keeps it). */
const ownedBy = (token: string) => sql`coalesce(${jobResults.details} -> 'engine' ->> 'token', ${token}) = ${token}`;

/**
 * Starts an attempt: the run's row becomes `running` (its start is the first attempt's) and it
 * records the attempt and its token (a kind's own counters start over with its first write). Nothing happens, and false is returned, when
 * the row is gone (profile deleted) or already closed (failed by the stale-run sweep).
 */
async function beginAttempt(db: Db, jobResultId: string, attempt: number, attempts: number, token: string) {
  for (let tries = 0; tries < 3; tries++) {
    const [row] = await db.select().from(jobResults).where(eq(jobResults.id, jobResultId));
    if (!row || !(OPEN_JOB_STATES as readonly string[]).includes(row.state)) return null;
    const previous = engineDetails(row.details).token ?? null;
    const started = await db
      .update(jobResults)
      .set({
        state: "running",
        startedAt: sql`coalesce(${jobResults.startedAt}, now())`,
        endedAt: null,
        errorText: null,
        details: withEngine(row.details, { attempt, attempts, token }),
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(jobResults.id, jobResultId),
          eq(jobResults.state, row.state),
          previous === null
            ? sql`${jobResults.details} -> 'engine' ->> 'token' is null`
            : sql`${jobResults.details} -> 'engine' ->> 'token' = ${previous}`,
        ),
      )
      .returning({ profileId: jobResults.profileId, jobId: jobResults.jobId, startedAt: jobResults.startedAt });
    const run = started[0];
    if (run) {
      if (run.startedAt) {
        await db
          .update(scheduledJobs)
          .set({ lastRunAt: run.startedAt })
          .where(and(eq(scheduledJobs.id, run.jobId), or(isNull(scheduledJobs.lastRunAt), lt(scheduledJobs.lastRunAt, run.startedAt))));
      }
      return run;
    }
  }
  return null;
}

/**
 * One attempt of one run of any kind (the worker binds it to each kind's queue). Runs the kind's
 * `run` with a signal that
 * fires when the worker stops, when the attempt nears pg-boss's expiry, or when the stale-run sweep
 * handed the run to another attempt (this one's heartbeat then finds another token). Then:
 * - success: the row is `completed`;
 * - failure with attempts left (and a retryable error): the row goes back to `queued` with the error
 *   in words, and the error is rethrown so that pg-boss retries it with backoff;
 * - failure on the last attempt: the row is `failed` with the sentence and pg-boss records it failed;
 * - a non-retryable error before the last attempt: the row is `failed` and the pg-boss job completes
 *   (retrying would only repeat the error).
 */
export async function handleRunAttempt(ctx: AttemptContext, kind: RunKind, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const parsed = kind.payload.safeParse(job.data);
  if (!parsed.success) {
    ctx.log(`${kind.id} job ${job.id} has an invalid payload and was dropped: ${parsed.error.message}`);
    return;
  }
  const { jobResultId, scheduledJobId } = parsed.data;
  const attempt = job.retryCount + 1;
  const attempts = job.retryLimit + 1;
  const lastAttempt = job.retryCount >= job.retryLimit;
  const token = randomUUID();
  const started = await beginAttempt(ctx.db, jobResultId, attempt, attempts, token);
  if (!started || (kind.scope === "profile" && !started.profileId)) {
    ctx.log(`${kind.id} run ${jobResultId} is no longer open; attempt ${attempt} did nothing.`);
    return;
  }
  const actor = jobActor(kind.id, jobResultId, kind.label);

  const expireInSeconds = Number(job.expireInSeconds) || kind.queue.expireInSeconds;
  const controller = new AbortController();
  let reason: StopReason | undefined;
  const stop = (why: StopReason) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(new AttemptStopped(why));
  };
  const onStopping = () => stop("shutdown");
  if (ctx.stopping.aborted) onStopping();
  ctx.stopping.addEventListener("abort", onStopping, { once: true });
  // Ends the attempt before pg-boss gives up on it, so the row says why.
  const margin = Math.min(60, expireInSeconds * 0.1);
  const timeout = setTimeout(() => stop("timeout"), Math.max(1, expireInSeconds - margin) * 1000);
  const heartbeat = setInterval(() => {
    ctx.db
      .update(jobResults)
      .set({ updatedAt: sql`now()` })
      .where(and(eq(jobResults.id, jobResultId), eq(jobResults.state, "running"), ownedBy(token)))
      .returning({ id: jobResults.id })
      .then((rows) => {
        if (rows.length === 0) stop("superseded");
      })
      .catch((error: unknown) => ctx.log(`heartbeat of run ${jobResultId} failed: ${(error as Error).message}`));
  }, ctx.heartbeatMs);

  try {
    const outcome = await kind.run({
      db: ctx.db,
      scheduledJobId,
      jobResultId,
      profileId: started.profileId,
      attemptToken: token,
      signal: controller.signal,
      actor,
      log: ctx.log,
    });
    if (reason === "superseded") return;
    // A run that held part of its work back for a person (the removal guard) says so in its state.
    const warning = outcome?.warning;
    await closeRun(
      ctx.db,
      actor,
      jobResultId,
      {
        state: warning ? "completed_with_warnings" : "completed",
        warningText: warning ?? null,
        details: outcome?.details,
        history: { attempt, outcome: "completed", at: new Date().toISOString() },
      },
      { states: ["running"], token },
    );
  } catch (error) {
    if (reason === "superseded") {
      ctx.log(`${kind.id} run ${jobResultId}: attempt ${attempt} was superseded by a newer attempt and stopped.`);
      return;
    }
    const sentence = asSentence(errorSentence(error, reason, expireInSeconds, kind.subject));
    const retryable = reason !== undefined || (error as { retryable?: unknown } | null)?.retryable !== false;
    const history: NonNullable<EngineDetails["history"]>[number] = { attempt, outcome: "failed", at: new Date().toISOString(), error: sentence };
    if (!lastAttempt && retryable) {
      await requeueForRetry(ctx.db, jobResultId, token, { ...history, outcome: "retrying" }, `Attempt ${attempt} of ${attempts} failed: ${sentence} It will be retried.`);
      throw error;
    }
    await closeRun(ctx.db, actor, jobResultId, { state: "failed", errorText: sentence, history }, { states: ["running"], token });
    if (lastAttempt) throw error;
    ctx.log(`${kind.id} run ${jobResultId} failed and will not be retried: ${sentence}`);
  } finally {
    clearTimeout(timeout);
    clearInterval(heartbeat);
    ctx.stopping.removeEventListener("abort", onStopping);
  }
}

/** Back to `queued` while pg-boss waits to retry; the attempt's error stays visible meanwhile. */
export async function requeueForRetry(
  db: Db,
  jobResultId: string,
  token: string | undefined,
  history: NonNullable<EngineDetails["history"]>[number],
  errorText: string,
): Promise<boolean> {
  const [row] = await db.select().from(jobResults).where(eq(jobResults.id, jobResultId));
  if (!row || !(OPEN_JOB_STATES as readonly string[]).includes(row.state)) return false;
  const engine = engineDetails(row.details);
  const rows = await db
    .update(jobResults)
    .set({ state: "queued", errorText, details: withEngine(row.details, { token: null, history: [...(engine.history ?? []), history] }), updatedAt: sql`now()` })
    .where(and(eq(jobResults.id, jobResultId), eq(jobResults.state, row.state), token === undefined ? sql`true` : ownedBy(token)))
    .returning({ id: jobResults.id });
  return rows.length > 0;
}
