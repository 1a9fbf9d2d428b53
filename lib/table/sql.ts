import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * Server half of the table kit: ORDER BY from a checked sort key, with the primary key as a tie
 * breaker so that pages are stable, and OFFSET/LIMIT from the page.
 */
export function orderBy<S extends string>(
  columns: Record<S, AnyColumn | SQL>,
  sort: { id: S; desc: boolean },
  tieBreaker: AnyColumn,
): SQL[] {
  const col = columns[sort.id];
  const dir = sort.desc ? desc : asc;
  return [sort.desc ? sql`${col} desc nulls last` : sql`${col} asc nulls first`, dir(tieBreaker)];
}

export function pageWindow(params: { page: number; perPage: number }) {
  return { limit: params.perPage, offset: (params.page - 1) * params.perPage };
}

/** `ilike` pattern for a "contains" filter, with the user's % and _ taken literally. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type PageQuery<R> = (window: { limit: number; offset: number }) => Promise<R[]>;

/** One page of a list and its total, queried together. */
export async function listPage<R>(
  params: { page: number; perPage: number },
  rowsOf: PageQuery<R>,
  totalOf: () => Promise<number>,
): Promise<{ rows: R[]; total: number }> {
  const [rows, total] = await Promise.all([rowsOf(pageWindow(params)), totalOf()]);
  return { rows, total };
}

/** Every row of the current filter and sort, fetched in batches: what the CSV export streams. */
export async function* iterateBatches<R>(rowsOf: PageQuery<R>, batch = 1000): AsyncGenerator<R> {
  for (let offset = 0; ; offset += batch) {
    const rows = await rowsOf({ limit: batch, offset });
    yield* rows;
    if (rows.length < batch) return;
  }
}
