import "server-only";
import type { DbOrTx } from "./client";

/*
 * The driver behind a drizzle handle, for the few statements that go to it directly (the download's
 * hot statements, list pages as prepared statements). A transaction has no driver of its own here:
 * callers fall back to drizzle for it.
 */

export type Row = Record<string, unknown>;
export type PostgresJsLike = {
  unsafe: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<Row[]>;
  begin: <T>(work: (tx: Pick<PostgresJsLike, "unsafe">) => Promise<T>) => Promise<T>;
};
export type PGliteLike = {
  query: (text: string, params: unknown[]) => Promise<{ rows: Row[] }>;
  transaction: <T>(work: (tx: Pick<PGliteLike, "query">) => Promise<T>) => Promise<T>;
  exec: unknown;
};

function clientOf(db: DbOrTx): unknown {
  return (db as unknown as { $client?: unknown }).$client;
}

/** The postgres.js `Sql` behind the database handle, or undefined (PGlite, a transaction). */
export function postgresJsOf(db: DbOrTx): PostgresJsLike | undefined {
  const client = clientOf(db);
  return client && typeof (client as PostgresJsLike).unsafe === "function" ? (client as PostgresJsLike) : undefined;
}

/** The PGlite instance behind the database handle, or undefined (PostgreSQL, a transaction). */
export function pgliteOf(db: DbOrTx): PGliteLike | undefined {
  const client = clientOf(db);
  return client && typeof (client as PGliteLike).query === "function" && "exec" in (client as object) ? (client as PGliteLike) : undefined;
}

/*
 * postgres.js hands back its result array, which something in the driver keeps reachable for a
 * while after the query: a minor garbage collection then finds the rows alive and moves them to the
 * old generation, where only a full collection frees them. Measured on 4,000 queries of 50 rows of
 * 17 columns (Node 20): 2 MB promoted and a 4-5 ms pause per minor collection, against 45 kB and
 * 0.4 ms when the rows are copied out and the driver's array emptied, which is what this does.
 * Those pauses were most of a list page's slow calls (bench/lists.ts).
 */
/** The rows of a postgres.js result as a plain array; the driver's array is left empty. */
export function takeRows<R>(result: readonly R[]): R[] {
  const rows = Array.from(result);
  (result as R[]).length = 0;
  return rows;
}

/** The rows of `db.execute`'s result, whichever driver ran it: postgres.js's array (taken, as above) or PGlite's `{ rows }`. */
export function resultRows(result: unknown): Row[] {
  return Array.isArray(result) ? takeRows(result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);
}
