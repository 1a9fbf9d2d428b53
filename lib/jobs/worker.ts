import "server-only";
import type PgBoss from "pg-boss";
import type { DbHandle } from "../db/client";
import { startBoss } from "./boss";
import { dispatchJob, type QueueOverrides, type RunKind } from "./definitions";
import { dispatchDueRuns, type DispatchOutcome } from "./dispatch";
import { engineFor, registerEngine, unregisterEngine } from "./engine";
import { runKinds, taskKinds } from "./registry";
import { handleTaskAttempt } from "./task-attempt";
import { ensureWorkspaceJobs } from "./workspace-jobs";
import { handleRunAttempt } from "./run-attempt";
import { sweepStaleRuns, type SweepOutcome } from "./stale-runs";

export type WorkerOptions = {
  /** Runs of each kind this worker runs at once. Default the kind's own (downloads: 2 on PostgreSQL, 1 on PGlite). */
  concurrency?: number;
  /** Kinds that take the place of the registry's of the same id (tests inject a fake download this way). */
  kinds?: readonly RunKind[];
  /** Seconds between a running attempt's heartbeats. Default 15. */
  heartbeatSeconds?: number;
  /** A running attempt silent for this long is dead (stale-run sweep). Default 120. */
  staleAfterSeconds?: number;
  /** Seconds between stale-run sweeps. Default 60. */
  sweepIntervalSeconds?: number;
  /** Overrides the definitions' polling interval (seconds, at least 0.5). */
  pollingIntervalSeconds?: number;
  queueOverrides?: QueueOverrides;
  /** pg-boss maintenance interval (expiry of vanished attempts, archiving). Default 60. */
  maintenanceIntervalSeconds?: number;
  /** Register the dispatcher's cron schedule. Default true. */
  schedule?: boolean;
  /** On stop, seconds a running download may still finish before it is told to stop. Default 20. */
  stopGraceSeconds?: number;
  log?: (message: string) => void;
};

export type JobWorker = {
  handle: DbHandle;
  boss: PgBoss;
  /** Runs the stale-run sweep now. */
  sweep(): Promise<SweepOutcome>;
  /** Runs the dispatcher now (what the cron job does). */
  dispatch(): Promise<DispatchOutcome>;
  /** Attempts running in this worker now. */
  running(): number;
  stop(options?: { graceSeconds?: number }): Promise<void>;
};

function defaultLog(message: string) {
  console.log(`[opensam] jobs: ${message}`);
}

/**
 * Starts pg-boss as a worker on this database handle: the schema and queues, the dispatcher's cron
 * schedule, the stale-run sweep (once now, then every minute), and the download handlers. Polling
 * is pg-boss's normal interval polling (never burst mode, which freezes the event loop on PGlite).
 *
 * With PGlite only the process that opened the folder (the server) may run it: there can be no other
 * worker, so every attempt still active at start is an orphan of the previous process and is failed
 * in pg-boss (retried) at once. On PostgreSQL several workers on several machines may run; a dead
 * one is recognised by its silent heartbeat.
 */
export async function startWorker(handle: DbHandle, options: WorkerOptions = {}): Promise<JobWorker> {
  if (engineFor(handle.db)) throw new Error("A job engine is already running on this database handle in this process.");
  const log = options.log ?? defaultLog;
  const kinds = runKinds().map((k) => options.kinds?.find((o) => o.id === k.id) ?? k);
  const heartbeatMs = (options.heartbeatSeconds ?? 15) * 1000;
  const staleAfterSeconds = options.staleAfterSeconds ?? 120;
  const stopping = new AbortController();
  let inFlight = 0;

  const boss = await startBoss(handle, { role: "worker", queueOverrides: options.queueOverrides, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }, log);
  const workerIds: string[] = [];
  const sweep = () => sweepStaleRuns(handle.db, boss, { staleAfterSeconds, log });
  const dispatch = () => dispatchDueRuns(handle.db, { log });

  let sweepTimer: NodeJS.Timeout | undefined;
  try {
    await ensureWorkspaceJobs(handle.db);
    if (options.schedule !== false && dispatchJob.cron) {
      await boss.schedule(dispatchJob.id, dispatchJob.cron, {}, { tz: "UTC" });
    }
    const first = await sweepStaleRuns(handle.db, boss, { staleAfterSeconds, orphanActive: handle.kind === "pglite", log });
    if (first.failed.length || first.requeued.length || first.forced.length) {
      log(`at start: ${first.failed.length} stale run(s) failed, ${first.requeued.length} handed back to pg-boss for a retry.`);
    }

    for (const kind of kinds) {
      const concurrency = options.concurrency ?? kind.concurrency?.(handle.kind === "pglite" ? "pglite" : "postgres") ?? 1;
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work<unknown>(
          kind.id,
          { pollingIntervalSeconds: options.pollingIntervalSeconds ?? kind.pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            inFlight++;
            try {
              await handleRunAttempt({ db: handle.db, heartbeatMs, stopping: stopping.signal, log }, kind, job);
            } finally {
              inFlight--;
            }
          },
        );
        workerIds.push(id);
      }
    }
    for (const task of taskKinds()) {
      const concurrency = task.concurrency?.(handle.kind === "pglite" ? "pglite" : "postgres") ?? 1;
      for (let i = 0; i < concurrency; i++) {
        let id = "";
        id = await boss.work<unknown>(
          task.id,
          { pollingIntervalSeconds: options.pollingIntervalSeconds ?? task.pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            inFlight++;
            try {
              await handleTaskAttempt({ db: handle.db, stopping: stopping.signal, log }, task, job);
            } finally {
              inFlight--;
              // A task found means more may wait (a Reclaim All of hundreds): fetch again at once
              // instead of sleeping out the polling interval; an empty fetch then waits as usual.
              if (id) boss.notifyWorker(id);
            }
          },
        );
        workerIds.push(id);
      }
    }
    workerIds.push(
      await boss.work(
        dispatchJob.id,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? dispatchJob.pollingIntervalSeconds, batchSize: 1 },
        async ([job]) => {
          // Validated at the wire like every payload; the dispatcher takes no parameters.
          dispatchJob.payload.parse(job?.data ?? {});
          const outcome = await dispatch();
          if (outcome.enqueued.length) {
            for (const id of workerIds) boss.notifyWorker(id);
          }
        },
      ),
    );

    const sweepEvery = (options.sweepIntervalSeconds ?? 60) * 1000;
    sweepTimer = setInterval(() => {
      sweep().catch((error: unknown) => log(`stale-run sweep failed: ${(error as Error).message}`));
    }, sweepEvery);
    sweepTimer.unref();
    registerEngine({ handle, boss, role: "worker", workerIds });
  } catch (error) {
    if (sweepTimer) clearInterval(sweepTimer);
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const worker: JobWorker = {
    handle,
    boss,
    sweep,
    dispatch,
    running: () => inFlight,
    stop: (stopOptions = {}) => {
      stopped ??= (async () => {
        clearInterval(sweepTimer);
        const graceMs = (stopOptions.graceSeconds ?? options.stopGraceSeconds ?? 20) * 1000;
        // Downloads may finish within the grace period; then they are told to stop, record it, and
        // pg-boss retries them (or fails them on their last attempt). pg-boss stops fetching at once.
        const tellToStop = setTimeout(() => stopping.abort(), graceMs);
        try {
          await boss.stop({ graceful: true, wait: true, timeout: graceMs + 10_000 });
        } finally {
          clearTimeout(tellToStop);
          unregisterEngine(handle.db);
        }
      })();
      return stopped;
    },
  };
  return worker;
}

export type WorkerMode = "on" | "off";

/** `OPENSAM_WORKER`: `off` keeps the server from running jobs (run `npm run worker` instead). */
export function workerMode(value = process.env.OPENSAM_WORKER): WorkerMode {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "on" || v === "1" || v === "true") return "on";
  if (v === "off" || v === "0" || v === "false") return "off";
  throw new Error(`OPENSAM_WORKER must be "on" or "off" (got "${value}").`);
}
