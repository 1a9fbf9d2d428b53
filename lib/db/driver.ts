import type { DbOrTx } from "./client";

/*
 * The driver behind a drizzle handle, for the few statements that go to it directly (the download's
 * hot statements, list pages as prepared statements). A transaction has no driver of its own here:
 * callers fall back to drizzle for it.
 */

export type Row = Record<string, unknown>;
export type PostgresJsLike = { unsafe: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<Row[]> };
export type PGliteLike = { query: (text: string, params: unknown[]) => Promise<{ rows: Row[] }>; exec: unknown };

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
