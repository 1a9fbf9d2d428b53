import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/client";
import { jobResults, OPEN_JOB_STATES, scheduledJobs, type JobResult, type JobTrigger } from "../db/schema";
import { ServiceError } from "../errors";
import { jobSender, transactionExecutor } from "./boss";
import type { Actor } from "../auth/actor";
import { writeAudit } from "../services/audit/write-audit";
import { runPayload, type RunKind } from "./definitions";
import { runKindFor } from "./registry";

/*
 * The life of a `job_results` row, shared by Execute Now, the dispatcher, the handler and the
 * stale-run sweep. One row per run: pg-boss retries of a failed attempt reuse the row (its counters
 * start over with each attempt; `details.engine` records the attempts). The row's id is also the
 * pg-boss job's id, so either names the other and a repeated send is a no-op.
 */

export const STOPPED_SENTENCE =
  "The worker stopped during this run (it was restarted or killed). The next run will start over; nothing was removed.";

/** What the engine keeps in `job_results.details.engine`; other keys of `details` are left alone. */
export type EngineDetails = {
  /** 1-based attempt now running or last run. */
  attempt?: number;
  /** Attempts allowed in all (pg-boss retryLimit + 1). */
  attempts?: number;
  /** The running attempt's token: a superseded attempt's writes are refused. */
  token?: string | null;
  history?: { attempt: number; outcome: "completed" | "failed" | "retrying"; at: string; error?: string }[];
};

export function engineDetails(details: Record<string, unknown> | null | undefined): EngineDetails {
  const engine = details?.engine;
  return engine && typeof engine === "object" ? (engine as EngineDetails) : {};
}

export function withEngine(details: Record<string, unknown> | null | undefined, patch: EngineDetails): Record<string, unknown> {
  return { ...(details ?? {}), engine: { ...engineDetails(details), ...patch } };
}

/** "2026-05-04 02:00 UTC": how run times appear in messages. */
export function formatRunTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A name-based UUID (version 5 layout over SHA-1): the same scheduled slot always gets the same id. */
export function deterministicUuid(name: string): string {
  const h = createHash("sha1").update(`opensam:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type OpenRunInput = {
  id: string;
  scheduledJobId: string;
  profileId: string | null;
  trigger: JobTrigger;
  triggeredBy?: string | null;
};

export type OpenRunOutcome = { opened: true; id: string } | { opened: false; open: JobResult | null };

/**
 * Inserts the run's row `queued`. The partial unique index allows one queued-or-running row per
 * scheduled job; `on conflict do nothing` turns a second open run into "not opened" without
 * aborting the caller's transaction. `open` is the run that holds the slot (null when the id itself
 * already existed: the same scheduled slot dispatched twice).
 */
export async function openRun(tx: DbOrTx, input: OpenRunInput): Promise<OpenRunOutcome> {
  const inserted = await tx
    .insert(jobResults)
    .values({
      id: input.id,
      jobId: input.scheduledJobId,
      profileId: input.profileId,
      state: "queued",
      trigger: input.trigger,
      triggeredBy: input.triggeredBy ?? null,
      pgBossJobId: input.id,
      details: { engine: { attempt: 0, history: [] } satisfies EngineDetails },
    })
    .onConflictDoNothing()
    .returning({ id: jobResults.id });
  if (inserted[0]) return { opened: true, id: inserted[0].id };
  const [open] = await tx
    .select()
    .from(jobResults)
    .where(and(eq(jobResults.jobId, input.scheduledJobId), inArray(jobResults.state, [...OPEN_JOB_STATES])))
    .limit(1);
  return { opened: false, open: open ?? null };
}

/** The sentence Execute Now answers while a run holds the slot. */
export function alreadyRunningSentence(jobName: string, open: Pick<JobResult, "startedAt" | "createdAt">): string {
  return `${jobName} is already running (started ${formatRunTime(open.startedAt ?? open.createdAt)}). Wait for it to finish.`;
}

/**
 * Sends the pg-boss job of an opened run, in the caller's transaction: the row and the job commit
 * together or not at all. The job's id is the row's id; its singleton key is the profile's id for a
 * per-profile kind, the kind itself for a workspace-wide one.
 */
export async function enqueueRun(
  tx: Tx,
  kind: RunKind,
  run: { jobResultId: string; scheduledJobId: string; profileId: string | null },
): Promise<string> {
  const payload = runPayload.parse({ scheduledJobId: run.scheduledJobId, jobResultId: run.jobResultId });
  const id = await jobSender().send(kind.id, payload, {
    id: run.jobResultId,
    singletonKey: run.profileId ?? kind.kind,
    db: transactionExecutor(tx),
  });
  if (!id) {
    throw new ServiceError(
      "internal",
      `The job engine has no ${kind.id} queue in this database: restart OpenSAM (or npm run worker) so that it sets its queues up again, then try again.`,
    );
  }
  return id;
}

/** How a run ends: its state, the words for it, and what its kind counted. */
export type RunClose = {
  state: "completed" | "completed_with_warnings" | "failed";
  errorText?: string | null;
  warningText?: string | null;
  history?: NonNullable<EngineDetails["history"]>[number];
  /** What the kind counted, merged into the run's details. */
  details?: Record<string, unknown>;
};
type CloseGuard = { states?: readonly ("queued" | "running")[]; token?: string };

/**
 * Closes an open run: `failed`, `completed` or `completed_with_warnings` with its end time, and the scheduled job's last run.
 * `expect` guards against a concurrent writer: the row must still be in that state (and, for a
 * running attempt, still belong to that attempt's token). Returns whether the row was closed. The
 * run's one audit row (its state and counts) is written by `actor`, the job that ran it or the sweep.
 */
export async function closeRun(db: DbOrTx, actor: Actor, id: string, outcome: RunClose, expect: CloseGuard = {}): Promise<boolean> {
  // The closed state, its audit row and the job's last run commit together: no one sees a run
  // closed without its audit row, and a crash between them cannot leave one.
  return db.transaction((tx) => closeRunIn(tx, actor, id, outcome, expect));
}

async function closeRunIn(tx: DbOrTx, actor: Actor, id: string, outcome: RunClose, expect: CloseGuard): Promise<boolean> {
  const [row] = await tx.select().from(jobResults).where(eq(jobResults.id, id));
  if (!row) return false;
  const states = expect.states ?? OPEN_JOB_STATES;
  if (!(states as readonly string[]).includes(row.state)) return false;
  const engine = engineDetails(row.details);
  if (expect.token !== undefined && engine.token !== expect.token) return false;
  const history = outcome.history ? [...(engine.history ?? []), outcome.history] : engine.history;
  const guards = [eq(jobResults.id, id), eq(jobResults.state, row.state)];
  if (expect.token !== undefined) guards.push(sql`${jobResults.details} -> 'engine' ->> 'token' = ${expect.token}`);
  const closed = await tx
    .update(jobResults)
    .set({
      state: outcome.state,
      endedAt: sql`now()`,
      errorText: outcome.errorText ?? null,
      warningText: outcome.warningText ?? null,
      details: withEngine({ ...row.details, ...outcome.details }, { token: null, history }),
      updatedAt: sql`now()`,
    })
    .where(and(...guards))
    .returning({ startedAt: jobResults.startedAt });
  if (!closed[0]) return false;
  const [job] = await tx.select({ name: scheduledJobs.name, kind: scheduledJobs.kind }).from(scheduledJobs).where(eq(scheduledJobs.id, row.jobId));
  const counts = job ? await runKindFor(job.kind)?.counts?.(tx, id) : null;
  const verb = outcome.state === "failed" ? "failed" : outcome.state === "completed" ? "completed" : "completed with warnings";
  await writeAudit(tx, actor, {
    action: `job.${outcome.state}`,
    entityType: "job_result",
    entityId: id,
    summary: `${job?.name ?? "A job"} ${verb}${counts ? ` (${counts.words})` : ""}${outcome.errorText ? `: ${outcome.errorText}` : ""}`,
    after: { state: outcome.state, ...counts?.after },
  });
  if (closed[0].startedAt) {
    await tx
      .update(scheduledJobs)
      .set({ lastRunAt: closed[0].startedAt, updatedAt: sql`now()` })
      .where(and(eq(scheduledJobs.id, row.jobId), or(isNull(scheduledJobs.lastRunAt), lt(scheduledJobs.lastRunAt, closed[0].startedAt))));
  }
  return true;
}
