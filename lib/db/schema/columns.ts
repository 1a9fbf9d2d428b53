import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { numeric, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";

/*
 * Column builders shared by the domain tables. They keep three decisions in one place: every time is
 * a timestamptz stored in UTC (product.md §7), money is numeric(14, 2) read as a string so that no
 * amount ever passes through a binary float, and a currency is an ISO 4217 code.
 */

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** A nullable UTC timestamp column. */
export const at = (name: string) => timestamp(name, { withTimezone: true });

/** An amount of money: exact decimal, returned by the drivers as a string such as "1234.50". */
export const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

/** An ISO 4217 currency code; `currencyCheck` below keeps it to three capital letters. */
export const currency = (name = "currency") => text(name);

/**
 * `column IN ('a', 'b', …)` for a CHECK constraint, built from the same `as const` list that types the
 * column, so that the TypeScript union and the database constraint cannot drift apart. The values are
 * compile-time constants of this code base, never user input.
 */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ");
  return sql`${column} in (${sql.raw(list)})`;
}

/** Three capital letters, or null where the column allows it. */
export function currencyCheck(column: AnyPgColumn): SQL {
  return sql`${column} ~ '^[A-Z]{3}$'`;
}
