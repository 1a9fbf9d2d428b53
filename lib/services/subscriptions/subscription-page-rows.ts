import "server-only";
import { and, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { softwareSubscriptions as s } from "../../db/schema";
import { keysetBranches, keysetOrder, type Cursor, type KeysetKey } from "../../table/keyset";
import { executeRows } from "../../table/sql";
import type { SubscriptionRow } from "./subscription-row";
import { DAY_MS } from "./subscriptions-where";

/** A page's rows, and beside each its sort value as text (for the cursors). */
export type PageRows = { rows: SubscriptionRow[]; keys: (string | null)[] };

/*
 * The page's columns (times as epoch milliseconds: the same on both drivers). The names of the
 * profile, user, model and rules come from scalar subqueries rather than joins: each is one lookup
 * by primary key per row, and PostgreSQL plans it on its own instead of searching the orders of six
 * joined tables (figures in docs/performance.md, "Lists"). The table keeps
 * its own name, not an alias, so that the sort expressions built for it (keysetOrder) order the rows.
 */
const COLUMNS = sql.raw(`software_subscriptions.id, software_subscriptions.profile_id as "profileId",
  (select p.display_name from integration_profiles p where p.id = software_subscriptions.profile_id) as "profileName",
  software_subscriptions.user_principal_name as "userPrincipalName", software_subscriptions.display_name as "displayName",
  software_subscriptions.directory_user_id as "directoryUserId",
  (select d.name from directory_users d where d.id = software_subscriptions.directory_user_id) as "userName",
  software_subscriptions.software_model_id as "softwareModelId",
  (select m.display_name from software_models m where m.id = software_subscriptions.software_model_id) as "softwareModel",
  software_subscriptions.subscription_identifier as "subscriptionIdentifier",
  (extract(epoch from software_subscriptions.last_activity_at) * 1000)::float8 as "lastActivityMs",
  (extract(epoch from software_subscriptions.subscription_assigned_at) * 1000)::float8 as "assignedMs",
  software_subscriptions.active, software_subscriptions.role, software_subscriptions.excluded,
  (select ir.identifier from subscription_identifier_exclusion_rules ir where ir.id = software_subscriptions.identifier_exclusion_rule_id) as "identifierRule",
  (select ur.user_principal_name from subscription_user_exclusion_rules ur where ur.id = software_subscriptions.user_exclusion_rule_id) as "userRule"`);

type RawRow = Omit<SubscriptionRow, "lastActivityAt" | "subscriptionAssignedAt" | "inactiveDays"> & {
  lastActivityMs: number | string | null;
  assignedMs: number | string | null;
  sortKey: string | null;
  sv?: unknown;
  b?: unknown;
};

/** A statement row as a list row; every field is named, since a rest spread was measurably slower. */
function toRow(r: RawRow, now: Date): SubscriptionRow {
  const last = r.lastActivityMs === null ? null : Number(r.lastActivityMs);
  return {
    id: r.id,
    profileId: r.profileId,
    profileName: r.profileName,
    userPrincipalName: r.userPrincipalName,
    displayName: r.displayName,
    directoryUserId: r.directoryUserId,
    userName: r.userName,
    softwareModelId: r.softwareModelId,
    softwareModel: r.softwareModel,
    subscriptionIdentifier: r.subscriptionIdentifier,
    lastActivityAt: last === null ? null : new Date(last).toISOString(),
    inactiveDays: last === null ? null : Math.max(0, Math.floor((now.getTime() - last) / DAY_MS)),
    subscriptionAssignedAt: r.assignedMs === null ? null : new Date(Number(r.assignedMs)).toISOString(),
    active: r.active,
    role: r.role,
    excluded: r.excluded,
    identifierRule: r.identifierRule,
    userRule: r.userRule,
  };
}

/**
 * One page of rows, in display order, in one statement. With a cursor (or on page 1): the keyset
 * branches of lib/table/keyset.ts, each a range of the sort index read in order with the row's
 * names looked up as it goes, as the bare query would. A page by number: OFFSET over the ids only,
 * so a deep page reads the index and not every row, then the columns of the page's ids. One round
 * trip per page: a page's statement takes a millisecond or two, so each extra trip counts. The page size is written into the text and,
 * where the filters allow (planStable), the statement runs prepared (executeRows).
 */
export async function pageRows(
  db: DbOrTx,
  where: SQL,
  key: KeysetKey,
  desc: boolean,
  limit: number,
  from: { cursor: Cursor } | { offset: number },
  now: Date,
  prepare: boolean,
): Promise<PageRows> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Not a page size: ${limit}`);
  // In the text, not a parameter: see executeRows (lib/table/sql.ts).
  const take = sql.raw(String(limit));
  const backwards = "cursor" in from && from.cursor.direction === "before";
  // Going back: the rows before the cursor are the rows after it in the reverse order.
  const d = backwards ? !desc : desc;
  const order = sql.join(keysetOrder(key, s.id, d), sql`, `);
  let rows: RawRow[];
  if ("offset" in from && from.offset > 0) {
    // A page by number: the ids past the OFFSET from the sort index alone, then their columns.
    rows = await executeRows<RawRow>(
      db,
      sql`select k.sort_key as "sortKey", ${COLUMNS}
        from (select ${s.id} as id, (${key.expr})::text as sort_key
              from ${s} where ${where} order by ${order} limit ${take} offset ${from.offset}) as k
        join software_subscriptions on software_subscriptions.id = k.id
        order by ${order}`,
      { prepare },
    );
  } else {
    // The first page or a page by cursor: each keyset branch reads the sort index and looks up the
    // names as it goes, like the bare query; two branches are put back in order by branch, then by
    // the sort.
    const branches = "cursor" in from ? keysetBranches(key, s.id, d, from.cursor) : [undefined];
    const branch = (condition: SQL | undefined, i: number) =>
      sql`select (${key.expr})::text as "sortKey", (${key.expr}) as sv, ${sql.raw(String(i))} as b, ${COLUMNS}
        from ${s} where ${and(where, condition)} order by ${order} limit ${take}`;
    const dir = d ? "desc" : "asc";
    const nulls = key.nullable ? (d ? " nulls last" : " nulls first") : "";
    rows = await executeRows<RawRow>(
      db,
      branches.length === 1
        ? branch(branches[0], 0)
        : sql`select * from (${sql.join(
            branches.map((c, i) => sql`(${branch(c, i)})`),
            sql` union all `,
          )}) as branches order by b, sv ${sql.raw(dir + nulls)}, id ${sql.raw(dir)} limit ${take}`,
      { prepare },
    );
  }
  if (backwards) rows.reverse();
  return { rows: rows.map((r) => toRow(r, now)), keys: rows.map((r) => r.sortKey) };
}

/** Rows `start` to `end` (exclusive) of a page, with their keys. */
export function slice(page: PageRows, start: number, end?: number): PageRows {
  return { rows: page.rows.slice(start, end), keys: page.keys.slice(start, end) };
}
