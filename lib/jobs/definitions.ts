import "server-only";
import { z } from "zod";
import type { JobActor } from "../auth/actor";
import type { Db, DbOrTx } from "../db/client";
import type { Permission } from "../auth/permissions";
import type { JobKind } from "../db/schema/jobs";

/**
 * What a kind of job is, whole: its queue and policy on pg-boss, its payload (validated at the wire),
 * its schedule, and how its run is named and shown. The registry (registry.ts) lists the kinds; the
 * worker, the dispatcher, Execute Now, the stale-run sweep and the job lists read it, so that a new
 * kind is one definition file and one registry line.
 */

export type QueuePolicy = "standard" | "short" | "singleton" | "stately";

export type QueueSettings = {
  /**
   * `singleton`: at most one active job per singleton key (several may wait); `stately`: at most one
   * waiting and one active job per key, a second send is dropped.
   */
  policy: QueuePolicy;
  /** Retries after the first attempt: 2 means three attempts in all. */
  retryLimit: number;
  /** Seconds before the first retry; with `retryBackoff` each retry waits about twice as long. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /**
   * How long one attempt may stay active. pg-boss fails an attempt that runs longer (the handler is
   * told to stop a minute before), and its maintenance fails an attempt whose worker vanished once
   * this has passed; the stale-run sweep notices a dead worker much sooner (heartbeats).
   */
  expireInSeconds: number;
};

/**
 * The queue of most scheduled runs: one attempt at a time, two retries a minute and then about two
 * apart (a vendor or the database that failed once is often back by then); `expireInSeconds` is how
 * long one attempt may run.
 */
export function runQueue(expireInSeconds: number): QueueSettings {
  return { policy: "singleton", retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds };
}

/** A queue of pg-boss: its name (stable: stored in the database), payload, policy and polling. */
export type QueueDefinition<P extends z.ZodType = z.ZodType> = {
  id: string;
  payload: P;
  /** Five-field cron (UTC) for pg-boss's own scheduler: only for the dispatcher, which has no row. */
  cron?: string;
  queue: QueueSettings;
  /** How often an idle worker asks for the next job (normal polling; never pg-boss's burst mode). */
  pollingIntervalSeconds: number;
};

/** Every run of a scheduled job carries the same two ids: the job's row and the run's `job_results` row. */
export const runPayload = z.object({ scheduledJobId: z.uuid(), jobResultId: z.uuid() });
export type RunPayload = z.infer<typeof runPayload>;

/** What a run's handler gets for one attempt. */
export type RunContext = {
  db: Db;
  scheduledJobId: string;
  jobResultId: string;
  /** The profile of a per-profile kind; null for a workspace-wide one. */
  profileId: string | null;
  /** The engine's token of this attempt: fences the run's writes (a replaced attempt changes nothing). */
  attemptToken: string;
  /** Fires when the worker stops, the attempt nears its expiry, or another attempt replaced it. */
  signal: AbortSignal;
  /** Who the run acts as in the audit log. */
  actor: JobActor;
  log: (message: string) => void;
};

/**
 * What a run reports when it ends well: a `warning` ends it **Completed with warnings**; `details`
 * (what the kind counted) are merged into the run's details as it closes.
 */
export type RunOutcome = { warning?: string; details?: Record<string, unknown> } | undefined;

/** The scheduled job a run would start, as Execute Now and the dispatcher read it. */
export type SchedulableJob = { name: string; profileId: string | null; profileName: string | null; profileStatus: string | null };

export type RunKind = QueueDefinition<typeof runPayload> & {
  /** The kind as `scheduled_jobs.kind` stores it, e.g. `download_subscriptions`. */
  kind: JobKind;
  /** How lists and the audit log name the kind, e.g. "Download subscriptions". */
  label: string;
  /** How a sentence about one of its runs starts, e.g. "The download" (stopped on an unexpected error). */
  subject: string;
  /** A kind of one profile (one job per profile, runs keyed by profile) or of the whole workspace. */
  scope: "profile" | "workspace";
  /**
   * A workspace-wide kind's one scheduled job, created when a worker starts if it is missing (a
   * person may then change its schedule or switch it off; that is kept).
   */
  workspaceJob?: { name: string; cron: string };
  /** Who may start a run now besides a sam_integrator (jobs:run): reconciliation, a sam_admin. */
  runPermission?: Permission;
  /** Why a run cannot start now (Execute Now's and the dispatcher's refusal), or null when it may. */
  refuse?: (job: SchedulableJob) => string | null;
  /** One attempt of one run. */
  run: (ctx: RunContext) => Promise<RunOutcome>;
  /**
   * What a run of this kind counted, for the one audit row written when it closes ("2000 read, …");
   * a kind that keeps its counts in `details` needs none.
   */
  counts?: (db: DbOrTx, jobResultId: string) => Promise<{ words: string; after: Record<string, number> } | null>;
  /**
   * What names a scheduled slot in the run's deterministic id (`<slotKey>:<job>:<due time>`), so that
   * a slot dispatched twice gets one run; default the kind. Stable once runs exist.
   */
  slotKey?: string;
  /** Runs of this kind one worker may run at once; default 1. */
  concurrency?: (engine: "pglite" | "postgres") => number;
};

/** What one attempt of a task (a job without a scheduled row, e.g. one reclaim) gets. */
export type TaskContext = {
  db: Db;
  /** pg-boss's id of the job: the same across its retries, so a task can tell its own earlier attempt. */
  jobId: string;
  /** Whether pg-boss will retry the task if this attempt throws. */
  willRetry: boolean;
  signal: AbortSignal;
  log: (message: string) => void;
};

/**
 * A kind of task: work queued by a person or another job for one record (one candidate's reclaim),
 * with no row in Scheduled jobs. Its payload is validated at the wire; its handler must be safe to
 * run again (pg-boss retries an attempt whose worker died).
 */
export type TaskKind<P extends z.ZodType = z.ZodType> = QueueDefinition<P> & {
  label: string;
  handle: (ctx: TaskContext, payload: z.output<P>) => Promise<void>;
  /** Tasks of this kind one worker runs at once; default 1. */
  concurrency?: (engine: "pglite" | "postgres") => number;
};

export function defineTaskKind<P extends z.ZodType>(kind: TaskKind<P>): TaskKind<P> {
  return kind;
}

export function defineRunKind(kind: Omit<RunKind, "payload"> & { payload?: typeof runPayload }): RunKind {
  return { ...kind, payload: runPayload };
}

/**
 * Every 5 minutes: reads the active scheduled jobs whose cron is due, of every registered kind, and
 * enqueues one run of each. `stately` coalesces: however many instances schedule it, at most one
 * dispatch waits and one runs. (Its queue keeps the name it had when it dispatched downloads only:
 * the name is stored in every installation's schedule.)
 */
export const dispatchJob: QueueDefinition = {
  id: "download-dispatch",
  payload: z.object({}),
  cron: "*/5 * * * *",
  queue: { policy: "stately", retryLimit: 1, retryDelaySeconds: 30, retryBackoff: false, expireInSeconds: 300 },
  pollingIntervalSeconds: 5,
};

/** Per-queue overrides of the settings above (tests shorten the retry delay). */
export type QueueOverrides = Partial<Record<string, Partial<QueueSettings>>>;

export function queueSettings(definition: QueueDefinition, overrides?: QueueOverrides): QueueSettings {
  return { ...definition.queue, ...overrides?.[definition.id] };
}
