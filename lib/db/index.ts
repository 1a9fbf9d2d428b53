import "server-only";
import { env } from "../env";
import { openDb, type Db, type DbHandle } from "./client";

export type { Db, DbOrTx, Tx, DbHandle } from "./client";

/**
 * The process-wide database handle. Kept on globalThis so that Next's module reloading in development
 * does not open a second PGlite instance on the same folder.
 */
const globalForDb = globalThis as unknown as { __opensamDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__opensamDb ??= openDb({ databaseUrl: env().DATABASE_URL, pgliteDir: env().PGLITE_DIR });
  return globalForDb.__opensamDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
