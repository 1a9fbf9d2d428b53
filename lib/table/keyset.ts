import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

/*
 * Keyset pagination for the table kit. A page of a large list is "the next N rows after the last
 * (sort value, id) seen" (or "the N rows before the first one", going back): the query walks the
 * sort index from that point instead of counting past an OFFSET, so page 1,000 costs what page 1
 * costs. The cursor travels in the URL beside `page` (lib/table/list-spec.ts), names the sort it
 * was made for, and is ignored (OFFSET is used) when the sort has changed since.
 *
 * Order convention, the same as lib/table/sql.ts and the subscriptions indexes: ascending sorts put
 * null first (`asc nulls first`), descending ones put null last (`desc nulls last`); the id breaks
 * ties in the sort's direction.
 */

export type CursorDirection = "after" | "before";

export type Cursor = {
  direction: CursorDirection;
  sort: string;
  desc: boolean;
  /** The sort value as PostgreSQL prints it (`col::text`), so it casts back without loss; null for a null value. */
  value: string | null;
  id: string;
};

const payload = z.tuple([z.string().max(60), z.union([z.literal(0), z.literal(1)]), z.string().max(500).nullable(), z.uuid()]);

export function encodeCursor(cursor: Cursor): string {
  const body = Buffer.from(JSON.stringify([cursor.sort, cursor.desc ? 1 : 0, cursor.value, cursor.id]), "utf8").toString("base64url");
  return `${cursor.direction === "after" ? "a" : "b"}.${body}`;
}

/** The cursor of the URL when it is well formed and was made for this sort; else null (use OFFSET). */
export function decodeCursor(text: string | undefined, sort: { id: string; desc: boolean }): Cursor | null {
  if (!text) return null;
  const [dir, body] = text.split(".", 2);
  if ((dir !== "a" && dir !== "b") || !body) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payload.safeParse(raw);
  if (!parsed.success) return null;
  const [sortId, desc, value, id] = parsed.data;
  if (sortId !== sort.id || (desc === 1) !== sort.desc) return null;
  return { direction: dir === "a" ? "after" : "before", sort: sortId, desc: desc === 1, value, id };
}

/** How a sort value is cast back from its text form. A fixed list: never user input in SQL. */
export type KeysetCast = "text" | "timestamptz" | "integer" | "boolean";

export type KeysetKey = {
  /** The sort expression, exactly as the index has it (e.g. `lower(user_principal_name)`). */
  expr: SQL | AnyColumn;
  nullable: boolean;
  cast: KeysetCast;
};

function typed(value: string, cast: KeysetCast): SQL {
  return sql`${value}::${sql.raw(cast)}`;
}

/**
 * `expr asc nulls first, id asc` or `expr desc nulls last, id desc`. A key that is never null gets
 * plain `asc` / `desc`, which is how its index is built: the planner matches the nulls order too,
 * and would sort 100k rows instead of reading `lower(user_principal_name), id` in order.
 */
export function keysetOrder(key: KeysetKey, id: AnyColumn, desc: boolean): SQL[] {
  if (!key.nullable) return desc ? [sql`${key.expr} desc`, sql`${id} desc`] : [sql`${key.expr} asc`, sql`${id} asc`];
  return desc ? [sql`${key.expr} desc nulls last`, sql`${id} desc`] : [sql`${key.expr} asc nulls first`, sql`${id} asc`];
}

/**
 * The rows strictly after (value, id) in the order `keysetOrder(key, id, desc)`, as one or two
 * conditions to be queried in turn (each with that order and a limit): each condition alone is a
 * range of the sort index, whereas a single condition joined with OR would make PostgreSQL filter
 * the index row by row. The null group needs its own branch because a row comparison with null is
 * null (see the keyset notes in lib/db/schema/subscriptions.ts).
 */
export function keysetBranches(key: KeysetKey, id: AnyColumn, desc: boolean, after: { value: string | null; id: string }): SQL[] {
  const afterId = sql`${after.id}::uuid`;
  if (!key.nullable || after.value !== null) {
    if (after.value === null) return [desc ? sql`${id} < ${afterId}` : sql`${id} > ${afterId}`];
    const v = typed(after.value, key.cast);
    const range = desc ? sql`(${key.expr}, ${id}) < (${v}, ${afterId})` : sql`(${key.expr}, ${id}) > (${v}, ${afterId})`;
    // Descending: the null group comes last, after every non-null value.
    return key.nullable && desc ? [range, sql`${key.expr} is null`] : [range];
  }
  // After a null value: ascending, the rest of the null group, then every non-null value;
  // descending, only the rest of the null group (it is last).
  return desc
    ? [sql`${key.expr} is null and ${id} < ${afterId}`]
    : [sql`${key.expr} is null and ${id} > ${afterId}`, sql`${key.expr} is not null`];
}
