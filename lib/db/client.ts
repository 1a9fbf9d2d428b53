import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database handle or an open transaction: what services accept. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** The PostgreSQL URL (absent for PGlite). */
  url?: string;
  /** The raw driver: a postgres.js `Sql` or a `PGlite` instance (the job engine needs it). */
  raw: unknown;
  close: () => Promise<void>;
};

export type DbOptions = { databaseUrl?: string; pgliteDir?: string };

/**
 * Opens PostgreSQL through postgres.js when a URL is given, else an embedded PGlite database in a
 * folder (or `memory://`). Two processes must never open the same PGlite folder.
 */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // Reconnects after a PostgreSQL restart within 2 s: postgres.js's default backoff counts every
    // connection's failure, so one restart of a 10-connection pool held queued queries for up to 20 s.
    const sql = postgres(options.databaseUrl, { max: 10, onnotice: () => {}, backoff: (failures) => Math.min(0.05 * 2 ** failures, 2) });
    const db = drizzle(sql, { schema }) as unknown as Db;
    return { db, kind: "postgres", url: options.databaseUrl, raw: sql, close: () => sql.end({ timeout: 5 }) };
  }
  const dir = options.pgliteDir ?? ".data/pglite";
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let dataDir = dir;
  if (!dir.startsWith("memory://")) {
    dataDir = path.resolve(/*turbopackIgnore: true*/ dir);
    // PGlite creates the folder itself but not its parents.
    mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  // pg_trgm: the trigram indexes of the subscriptions search (the same extension as on PostgreSQL).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", raw: client, close: () => client.close() };
}
