import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db";
import { pgliteOf, postgresJsOf, resultRows, takeRows, type Row } from "../../db/driver";

/*
 * The download's hot statements (one per batch) go to the driver directly, as prepared statements on
 * PostgreSQL: drizzle's `db.execute` parses and plans every statement again, which doubled their
 * cost (docs/performance.md, Download). On PGlite the
 * statement goes to `PGlite.query`, which is what drizzle would call anyway. Anything else falls back
 * to `db.execute`. Parameters are positional ($1, $2, …) in all three.
 */

export type RawQuery = (text: string, params: unknown[]) => Promise<Row[]>;

function fallback(db: Db): RawQuery {
  return async (text, params) => {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`));
    return resultRows(await db.execute(sql.join(chunks, sql.raw(""))));
  };
}

/** Runs SQL with positional parameters on the database behind `db` (not inside a transaction). */
export function rawQuery(db: Db): RawQuery {
  const pg = postgresJsOf(db);
  if (pg) return async (text, params) => takeRows(await pg.unsafe(text, params, { prepare: true }));
  const lite = pgliteOf(db);
  if (lite) return async (text, params) => (await lite.query(text, params)).rows;
  return fallback(db);
}
