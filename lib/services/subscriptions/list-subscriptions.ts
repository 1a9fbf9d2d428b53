import { and, count, eq, gt, lte, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import { softwareSubscriptions as s } from "../../db/schema";
import type { SubscriptionsFilterKey, SubscriptionsSortKey } from "../../lists/subscriptions-spec";
import { decodeCursor, encodeCursor, keysetBranches, keysetOrder, type Cursor, type KeysetKey } from "../../table/keyset";
import { parseRange, type ListParams } from "../../table/list-spec";
import { containsPattern, countOrEstimate, executeRows, type ListTotal } from "../../table/sql";

export type SubscriptionRow = {
  id: string;
  profileId: string;
  profileName: string;
  userPrincipalName: string;
  displayName: string | null;
  directoryUserId: string | null;
  /** The directory user's name; null lists the row as "without user". */
  userName: string | null;
  softwareModelId: string | null;
  softwareModel: string | null;
  subscriptionIdentifier: string;
  lastActivityAt: string | null;
  /** Whole days since the last activity; null: never active. */
  inactiveDays: number | null;
  subscriptionAssignedAt: string | null;
  active: boolean;
  role: string | null;
  excluded: boolean;
  /** The identifier of the identifier exclusion rule that excluded the row. */
  identifierRule: string | null;
  /** The user principal name of the user exclusion rule that excluded the row. */
  userRule: string | null;
};

export type SubscriptionsPage = {
  rows: SubscriptionRow[];
  /**
   * Known when the page is the only one (page 1 with room to spare: its rows are the total);
   * otherwise null, and `countSubscriptions` tells, after the rows.
   */
  total: ListTotal | null;
  cursors: { next: string | null; prev: string | null };
};

export type SubscriptionScope = { profileId?: string };
type Params = ListParams<SubscriptionsSortKey, SubscriptionsFilterKey> | ListParams<SubscriptionsSortKey, Exclude<SubscriptionsFilterKey, "profile">>;
type Filters = Partial<Record<SubscriptionsFilterKey, string>>;

const DAY_MS = 86_400_000;
const uuid = z.uuid();

/**
 * Sort keys and how each maps onto an index: `lower(user_principal_name), id` and
 * `last_activity_at asc nulls first, id` (also per profile) are partial indexes on current rows;
 * the identifier has one per profile. Inactive days is last activity read backwards: most inactive
 * first = oldest activity first, never active (null) being the oldest of all.
 */
const SORT_KEYS: Record<SubscriptionsSortKey, KeysetKey & { invert?: boolean }> = {
  userPrincipalName: { expr: sql`lower(${s.userPrincipalName})`, nullable: false, cast: "text" },
  subscriptionIdentifier: { expr: s.subscriptionIdentifier, nullable: false, cast: "text" },
  lastActivityAt: { expr: s.lastActivityAt, nullable: true, cast: "timestamptz" },
  inactiveDays: { expr: s.lastActivityAt, nullable: true, cast: "timestamptz", invert: true },
  subscriptionAssignedAt: { expr: s.subscriptionAssignedAt, nullable: true, cast: "timestamptz" },
};

/**
 * Inactive days d = floor((now − last activity) / 1 day), so min ≤ d ≤ max is a range of last
 * activity: at most now − min days, and later than now − (max + 1) days. A range open at the top
 * ("90..") also takes the never-active rows: they are the most inactive of all.
 */
function inactiveRange(value: string, now: Date): SQL | undefined {
  const range = parseRange(value);
  if (!range) return undefined;
  const parts: SQL[] = [];
  if (range.min !== undefined) parts.push(lte(s.lastActivityAt, new Date(now.getTime() - range.min * DAY_MS)));
  if (range.max !== undefined) parts.push(gt(s.lastActivityAt, new Date(now.getTime() - (range.max + 1) * DAY_MS)));
  const bounded = and(...parts);
  return range.max === undefined ? or(bounded, isNull(s.lastActivityAt)) : bounded;
}

/** A filter value that cannot match (an id that is not a uuid): the list is empty, not unfiltered. */
const NOTHING = sql`false`;

/*
 * An identifier filter written into the statement's text instead of a parameter, so that its page
 * can run prepared with a plan made for that value (planStable): a common identifier's best plan
 * reads the sort index, a rare one's the identifier index, and a plan shared by all values would
 * read the whole sort index for a rare one. Only values of the identifiers' shape (letters, digits,
 * `_`, `-`, `.`; no quote can occur), and at most INLINED_LIMIT distinct values per process: each
 * is a statement the driver keeps prepared on each connection. Any other value is a parameter, and
 * its page is planned for the call. Measured on 100,000 rows (bench/lists.ts): the "full, without
 * user" page took 1.3-1.9 ms (p50) planned per call, against 0.6-0.9 ms for the prepared bare SQL.
 */
const INLINED_LIMIT = 64;
const IDENTIFIER_SHAPE = /^[A-Za-z0-9_.-]{1,64}$/;
const inlinedIdentifiers = new Set<string>();

function inlinedIdentifier(value: string): SQL | undefined {
  if (!IDENTIFIER_SHAPE.test(value)) return undefined;
  if (!inlinedIdentifiers.has(value)) {
    if (inlinedIdentifiers.size >= INLINED_LIMIT) return undefined;
    inlinedIdentifiers.add(value);
  }
  return sql.raw(`'${value}'`);
}

export function subscriptionsWhere(filters: Filters, scope: SubscriptionScope | undefined, now: Date): SQL {
  const parts: (SQL | undefined)[] = [isNull(s.removedAt)];
  if (scope?.profileId) parts.push(eq(s.profileId, scope.profileId));
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    parts.push(or(sql`lower(${s.userPrincipalName}) like lower(${pattern})`, sql`${s.displayName} ilike ${pattern}`));
  }
  if (filters.identifier) {
    const literal = inlinedIdentifier(filters.identifier);
    parts.push(literal ? sql`${s.subscriptionIdentifier} = ${literal}` : eq(s.subscriptionIdentifier, filters.identifier));
  }
  if (filters.model) {
    if (filters.model === "none") parts.push(isNull(s.softwareModelId));
    else parts.push(uuid.safeParse(filters.model).success ? eq(s.softwareModelId, filters.model) : NOTHING);
  }
  if (filters.profile) parts.push(uuid.safeParse(filters.profile).success ? eq(s.profileId, filters.profile) : NOTHING);
  if (filters.inactive) parts.push(inactiveRange(filters.inactive, now));
  if (filters.excluded) parts.push(eq(s.excluded, filters.excluded === "true"));
  if (filters.never) parts.push(filters.never === "true" ? isNull(s.lastActivityAt) : isNotNull(s.lastActivityAt));
  if (filters.withoutUser) parts.push(filters.withoutUser === "true" ? isNull(s.directoryUserId) : isNotNull(s.directoryUserId));
  return and(...parts)!;
}

/** A page's rows, and beside each its sort value as text (for the cursors). */
type PageRows = { rows: SubscriptionRow[]; keys: (string | null)[] };

/*
 * The page's columns (times as epoch milliseconds: the same on both drivers). The names of the
 * profile, user, model and rules come from scalar subqueries rather than joins: each is one lookup
 * by primary key per row, and PostgreSQL plans it on its own instead of searching the orders of six
 * joined tables, which took 0.9 ms of a 1.2 ms page on 100,000 rows (0.2 ms this way). The table keeps
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

/** A statement row as a list row (every field named: a rest spread costs a third of the page here). */
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
 * trip: it was three (ids, then columns, beside the total), which more than doubled the time of a
 * page whose statement takes a millisecond or two. The page size is written into the text and,
 * where the filters allow (planStable), the statement runs prepared (executeRows).
 */
async function pageRows(
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
function slice(page: PageRows, start: number, end?: number): PageRows {
  return { rows: page.rows.slice(start, end), keys: page.keys.slice(start, end) };
}

/**
 * Whether a page's statement may run prepared (executeRows). Its best plan reads the sort index
 * whatever the values of the profile, inactive-days, never-active, excluded and without-user
 * filters; a search, an identifier or a model can call for another index (the trigram index, a rare
 * identifier's), which only a plan made for the value picks: an identifier written into the text
 * (inlinedIdentifier) gets a statement, and a plan, of its own.
 */
function planStable(filters: Filters): boolean {
  return !filters.q && !filters.model && (!filters.identifier || inlinedIdentifier(filters.identifier) !== undefined);
}

function sortOf(params: Params) {
  const key = SORT_KEYS[params.sort.id] ?? SORT_KEYS.inactiveDays;
  return { key, desc: key.invert ? !params.sort.desc : params.sort.desc };
}

/**
 * One page of subscriptions (current ones: removed rows are history) and the cursors of the
 * neighbouring pages. The total comes from `countSubscriptions`, which the page streams in after
 * the rows: counting a filter over 100,000 rows can take several times what the page itself takes.
 */
export async function listSubscriptions(db: DbOrTx, params: Params, scope?: SubscriptionScope, now = new Date()): Promise<SubscriptionsPage> {
  const where = subscriptionsWhere(params.filters, scope, now);
  const { key, desc } = sortOf(params);
  const cursor = decodeCursor(params.cursor, params.sort);
  const limit = params.perPage;

  // One row more than the page tells whether another page follows in that direction.
  const from = cursor ? { cursor } : { offset: (params.page - 1) * limit };
  const prepare = planStable(params.filters);
  let page = await pageRows(db, where, key, desc, limit + 1, from, now, prepare);
  let atStart = params.page === 1;
  let more: boolean;
  if (cursor?.direction === "before") {
    more = true;
    if (page.rows.length <= limit) {
      // Fewer rows than a page before the cursor (rows were removed since): show the first page.
      page = await pageRows(db, where, key, desc, limit + 1, { offset: 0 }, now, prepare);
      atStart = true;
      more = page.rows.length > limit;
      page = slice(page, 0, limit);
    } else page = slice(page, 1);
  } else {
    more = page.rows.length > limit;
    page = slice(page, 0, limit);
  }
  const { rows, keys } = page;
  // The first page, when it is the only one, is its own total.
  const total = atStart && !more && params.page === 1 ? { total: rows.length, estimated: false } : null;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const sortRef = { sort: params.sort.id, desc: params.sort.desc };
  return {
    rows,
    total,
    cursors: {
      next: more && last ? encodeCursor({ direction: "after", ...sortRef, value: keys[rows.length - 1] ?? null, id: last.id }) : null,
      prev: !atStart && first ? encodeCursor({ direction: "before", ...sortRef, value: keys[0] ?? null, id: first.id }) : null,
    },
  };
}

/** The total under the list's filter: exact up to 20,000 rows, else the planner's estimate. */
export async function countSubscriptions(db: DbOrTx, params: Params, scope?: SubscriptionScope, now = new Date()): Promise<ListTotal> {
  const where = subscriptionsWhere(params.filters, scope, now);
  return countOrEstimate(db, db.select({ id: s.id }).from(s).where(where), async () => (await db.select({ n: count() }).from(s).where(where))[0]?.n ?? 0);
}

/** A total that could not be counted: logged, and the list shows its rows without one. */
export function totalFailed(error: unknown): null {
  console.error("Counting the subscriptions failed:", error);
  return null;
}

/**
 * Every subscription of the current filter and sort (the CSV export, the benchmark), fetched in
 * keyset batches: the 100th batch costs what the first one costs, and a row changed meanwhile is
 * neither skipped nor repeated by an OFFSET shift.
 */
export async function* iterateSubscriptions(db: DbOrTx, params: Params, scope?: SubscriptionScope, batch = 1000): AsyncGenerator<SubscriptionRow> {
  const now = new Date();
  const where = subscriptionsWhere(params.filters, scope, now);
  const { key, desc } = sortOf(params);
  let after: Cursor | null = null;
  for (;;) {
    const { rows, keys }: PageRows = await pageRows(db, where, key, desc, batch, after ? { cursor: after } : { offset: 0 }, now, planStable(params.filters));
    yield* rows;
    const last = rows[rows.length - 1];
    if (rows.length < batch || !last) return;
    after = { direction: "after", sort: params.sort.id, desc: params.sort.desc, value: keys[rows.length - 1] ?? null, id: last.id };
  }
}
