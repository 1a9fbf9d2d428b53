import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { DbHandle, DbOrTx } from "../db/client";
import { dispatchJob, queueSettings, type QueueDefinition, type QueueOverrides } from "./definitions";
import { runKinds, taskKinds } from "./registry";

/** Every queue: the dispatcher's, one per kind of run and one per kind of task in the registry. */
const allQueues = (): QueueDefinition[] => [dispatchJob, ...runKinds(), ...taskKinds()];

/**
 * pg-boss on the application's own database (schema `pgboss`, created and migrated by pg-boss).
 *
 * - PostgreSQL: pg-boss gets its own small node-postgres pool on the app's URL (as fast as an
 *   `executeSql` over the app's postgres.js pool; docs/performance.md, Jobs), because postgres.js refuses pg-boss's multi-statement
 *   `BEGIN; …; COMMIT;` commands on a pool (UNSAFE_TRANSACTION: every one would need a reserved
 *   connection) and rejects `undefined` parameters, which pg-boss sends. The own pool runs pg-boss's
 *   SQL exactly as pg-boss is tested, and a long download's writes never starve the queue's polling.
 * - PGlite (embedded default): the same pg-boss code on the same in-process instance through
 *   `pgliteExecutor`. Never `@electric-sql/pglite-socket` (not safe with more than one connection).
 */

export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** pg-boss's schema; also read by the engine's health checks. */
export const BOSS_SCHEMA = "pgboss";

const undefinedToNull = (values: unknown[]) => values.map((v) => (v === undefined ? null : v));

/**
 * pg-boss's `db` adapter for PGlite. Parameterized statements go through `query()`. Parameterless
 * SQL goes through `exec()` because pg-boss sends multi-statement SQL (its schema, migrations and
 * maintenance run as `BEGIN; …; COMMIT;`, and `query()` refuses them with 42601); the `exec()` runs
 * inside `pglite.transaction()`, because a statement failing after pg-boss's own `BEGIN` would leave
 * the single PGlite session in an aborted transaction for every later query of the app, and the
 * wrapper rolls it back under the same lock (pg-boss's COMMIT ends the wrapper's transaction; the
 * wrapper's COMMIT is then a no-op).
 */
export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await pglite.query(text, undefinedToNull(values));
        return { rows: result.rows };
      }
      const results = await pglite.transaction((tx) => tx.exec(text));
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/**
 * Runs pg-boss's parameterized statements on a Drizzle transaction (either engine), so that a job is
 * sent in the same transaction as the rows that describe it ("create jobs within your existing
 * database transaction"). The `$n` placeholders become Drizzle parameters; objects are sent as JSON.
 * Only for parameterized single statements such as `send`.
 */
export function transactionExecutor(tx: DbOrTx): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) => {
        if (i % 2 === 0) return sql.raw(part);
        const value = values[Number(part) - 1];
        if (value === undefined || value === null) return sql`${null}`;
        if (typeof value === "object" && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value)) {
          return sql`${JSON.stringify(value)}`;
        }
        return sql`${value}`;
      });
      const result: unknown = await tx.execute(sql.join(chunks));
      const rows = Array.isArray(result) ? [...result] : ((result as { rows?: unknown[] }).rows ?? []);
      return { rows };
    },
  };
}

export type BossRole = "worker" | "client";

export type BossOptions = {
  /** `worker` runs the scheduler and maintenance; `client` only creates the schema and queues. */
  role: BossRole;
  queueOverrides?: QueueOverrides;
  /** How often pg-boss's maintenance runs (expires active jobs past their expiry, archives). */
  maintenanceIntervalSeconds?: number;
};

/** The pg-boss constructor options for a handle; no connection is opened until `start()`. */
export function bossConfig(handle: DbHandle, options: BossOptions): PgBoss.ConstructorOptions {
  const worker = options.role === "worker";
  const common: PgBoss.ConstructorOptions = {
    schema: BOSS_SCHEMA,
    migrate: true,
    schedule: worker,
    supervise: worker,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  };
  if (handle.kind === "pglite") {
    return { ...common, db: pgliteExecutor(handle.raw as PGlite) };
  }
  if (!handle.url) throw new Error("The job engine needs the PostgreSQL URL of the database handle.");
  return { ...common, connectionString: handle.url, max: worker ? 4 : 2, application_name: `opensam-jobs-${options.role}` };
}

/**
 * Creates and starts pg-boss: its schema is created or migrated by pg-boss itself, then every queue
 * of the registry is created, or updated to the definition (so a changed retry policy reaches
 * an existing installation). Errors pg-boss meets later (a lost connection while polling) are
 * logged, never thrown: an unhandled 'error' event would end the process.
 */
export async function startBoss(handle: DbHandle, options: BossOptions, log: (message: string) => void = defaultLog): Promise<PgBoss> {
  const boss = new PgBoss(bossConfig(handle, options));
  // After stop, a closing connection may still report its end (e.g. when the database is dropped).
  let stopped = false;
  boss.on("stopped", () => (stopped = true));
  boss.on("error", (error) => {
    if (!stopped) log(`job engine error: ${error instanceof Error ? error.message : String(error)}`);
  });
  await boss.start();
  try {
    await ensureQueues(boss, options.queueOverrides);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  return boss;
}

export async function ensureQueues(boss: PgBoss, overrides?: QueueOverrides): Promise<void> {
  for (const definition of allQueues()) {
    const s = queueSettings(definition, overrides);
    const queue = {
      name: definition.id,
      policy: s.policy,
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelaySeconds,
      retryBackoff: s.retryBackoff,
      expireInSeconds: s.expireInSeconds,
    };
    await retryOnDeadlock(async () => {
      await boss.createQueue(definition.id, queue);
      await boss.updateQueue(definition.id, queue);
    });
  }
}

/**
 * Two instances starting at once on an empty database both create the queues, and PostgreSQL may
 * abort one of them as a deadlock (pg-boss's create_queue makes a partition per queue): the loser
 * tries again, and by then the queue exists (create is idempotent).
 */
async function retryOnDeadlock(work: () => Promise<void>, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "40P01" || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** Whether pg-boss's schema and our queues exist in this database (set up by a started engine). */
export async function jobSchemaReady(db: DbOrTx): Promise<boolean> {
  const result: unknown = await db.execute(sql`select to_regclass(${`${BOSS_SCHEMA}.queue`}) is not null as ready`);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  if (!(rows[0] as { ready?: boolean } | undefined)?.ready) return false;
  const names = allQueues().map((d) => d.id);
  const queues: unknown = await db.execute(
    sql`select count(*)::int as n from ${sql.raw(BOSS_SCHEMA)}.queue where name in (${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )})`,
  );
  const queueRows = Array.isArray(queues) ? queues : ((queues as { rows?: unknown[] }).rows ?? []);
  return Number((queueRows[0] as { n?: number } | undefined)?.n ?? 0) === names.length;
}

/**
 * A pg-boss instance that is never started: it only builds `send` statements, which callers run on
 * their own transaction through `transactionExecutor`. Sending needs no pool, no timers.
 */
let sender: PgBoss | undefined;
export function jobSender(): PgBoss {
  sender ??= new PgBoss({
    schema: BOSS_SCHEMA,
    migrate: false,
    schedule: false,
    supervise: false,
    db: {
      executeSql: () => Promise.reject(new Error("The job sender only sends through a transaction (options.db).")),
    },
  });
  return sender;
}

function defaultLog(message: string) {
  console.error(`[opensam] ${message}`);
}
