import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db";
import { pgliteOf, postgresJsOf, resultRows, takeRows, type PGliteLike, type PostgresJsLike, type Row } from "../../db/driver";

/*
 * The download's hot statements (one per batch) go to the driver directly, as prepared statements on
 * PostgreSQL: drizzle's `db.execute` parses and plans every statement again, which doubled their
 * cost (docs/performance.md, Download). On PGlite the
 * statement goes to `PGlite.query`, which is what drizzle would call anyway. Anything else falls back
 * to `db.execute`. Parameters are positional ($1, $2, …) in all three.
 */

export type RawQuery = ((text: string, params: unknown[]) => Promise<Row[]>) & {
  /** Runs `work` in one transaction (one connection), its statements through the query it is given. */
  transaction: <T>(work: (query: RawQuery) => Promise<T>) => Promise<T>;
};

function withTransaction(run: (text: string, params: unknown[]) => Promise<Row[]>, transaction: RawQuery["transaction"]): RawQuery {
  return Object.assign(run, { transaction });
}

/** Inside a transaction already: a nested one is the same. */
function inTransaction(run: (text: string, params: unknown[]) => Promise<Row[]>): RawQuery {
  const query: RawQuery = withTransaction(run, (work) => work(query));
  return query;
}

function fallback(db: Db): RawQuery {
  const run = (on: Db) => async (text: string, params: unknown[]) => {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`));
    return resultRows(await on.execute(sql.join(chunks, sql.raw(""))));
  };
  return withTransaction(run(db), (work) => db.transaction((tx) => work(inTransaction(run(tx as unknown as Db)))));
}

/** Runs SQL with positional parameters on the database behind `db` (not inside a transaction). */
export function rawQuery(db: Db): RawQuery {
  const pg = postgresJsOf(db);
  if (pg) {
    const on = (client: Pick<PostgresJsLike, "unsafe">) => async (text: string, params: unknown[]) => takeRows(await client.unsafe(text, params, { prepare: true }));
    return withTransaction(on(pg), (work) => pg.begin((tx) => work(inTransaction(on(tx)))));
  }
  const lite = pgliteOf(db);
  if (lite) {
    const on = (client: Pick<PGliteLike, "query">) => async (text: string, params: unknown[]) => (await client.query(text, params)).rows;
    return withTransaction(on(lite), (work) => lite.transaction((tx) => work(inTransaction(on(tx)))));
  }
  return fallback(db);
}
