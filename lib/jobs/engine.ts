import "server-only";
import type PgBoss from "pg-boss";
import type { Db, DbHandle, DbOrTx } from "../db/client";
import { ServiceError } from "../errors";
import { jobSchemaReady, startBoss, type BossOptions } from "./boss";

/**
 * The pg-boss instances this process started, one per database handle. Kept on globalThis, like the
 * database handle, so that Next's module reloading in development never starts a second one.
 */
type EngineEntry = { handle: DbHandle; boss: PgBoss; role: BossOptions["role"]; workerIds: string[] };
const g = globalThis as unknown as { __opensamJobEngines?: Map<Db, EngineEntry>; __opensamJobReady?: WeakSet<object> };
g.__opensamJobEngines ??= new Map();
g.__opensamJobReady ??= new WeakSet();
const engines = g.__opensamJobEngines;
const ready = g.__opensamJobReady;

export function engineFor(db: DbOrTx): EngineEntry | undefined {
  return engines.get(db as Db);
}

export function registerEngine(entry: EngineEntry): void {
  if (engines.has(entry.handle.db)) throw new Error("A job engine is already running on this database handle in this process.");
  engines.set(entry.handle.db, entry);
  ready.add(entry.handle.db);
}

export function unregisterEngine(db: Db): void {
  engines.delete(db);
}

/**
 * Starts pg-boss without workers (creates or migrates its schema and the queues): what a web process
 * needs to send jobs when the worker runs elsewhere (`OPENSAM_WORKER=off`), and what tests of other
 * features call before Publish or Execute Now. Idempotent per handle; `stopJobEngine` ends it.
 */
export async function startJobEngine(handle: DbHandle, options: Omit<BossOptions, "role"> = {}): Promise<PgBoss> {
  const existing = engines.get(handle.db);
  if (existing) return existing.boss;
  const boss = await startBoss(handle, { ...options, role: "client" });
  registerEngine({ handle, boss, role: "client", workerIds: [] });
  return boss;
}

export async function stopJobEngine(handle: DbHandle): Promise<void> {
  const entry = engines.get(handle.db);
  if (!entry) return;
  unregisterEngine(handle.db);
  await entry.boss.stop({ graceful: false, wait: true });
}

/**
 * Refuses, with a sentence, to queue a run in a database where pg-boss was never set up (its schema
 * is created by the first server or worker start). Checked once per database object.
 */
export async function ensureJobSchema(db: DbOrTx): Promise<void> {
  if (ready.has(db as object)) return;
  if (await jobSchemaReady(db)) {
    ready.add(db as object);
    return;
  }
  throw new ServiceError(
    "internal",
    "The job engine is not set up in this database yet: start OpenSAM (or npm run worker) once so that it creates its tables, then try again.",
  );
}

/** Wakes this process's idle workers so that a run queued here starts without waiting for a poll. */
export function notifyWorkers(db: DbOrTx): void {
  const entry = engines.get(db as Db);
  if (!entry) return;
  for (const id of entry.workerIds) entry.boss.notifyWorker(id);
}
