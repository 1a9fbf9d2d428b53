import { and, count, eq, gt, inArray, lte, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import {
  directoryUsers,
  integrationProfiles,
  softwareModels,
  softwareSubscriptions as s,
  subscriptionIdentifierExclusionRules,
  subscriptionUserExclusionRules,
} from "../../db/schema";
import type { SubscriptionsFilterKey, SubscriptionsSortKey } from "../../lists/subscriptions-spec";
import { decodeCursor, encodeCursor, keysetBranches, keysetOrder, type Cursor, type KeysetKey } from "../../table/keyset";
import { parseRange, type ListParams } from "../../table/list-spec";
import { containsPattern, countOrEstimate } from "../../table/sql";

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
  total: number;
  /** The total is the planner's estimate (more than 20,000 rows). */
  estimated: boolean;
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

export function subscriptionsWhere(filters: Filters, scope: SubscriptionScope | undefined, now: Date): SQL {
  const parts: (SQL | undefined)[] = [isNull(s.removedAt)];
  if (scope?.profileId) parts.push(eq(s.profileId, scope.profileId));
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    parts.push(or(sql`lower(${s.userPrincipalName}) like lower(${pattern})`, sql`${s.displayName} ilike ${pattern}`));
  }
  if (filters.identifier) parts.push(eq(s.subscriptionIdentifier, filters.identifier));
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

type Key = { id: string; k: string | null };

/**
 * The ids of one page, in display order. With a cursor: the keyset branches of
 * lib/table/keyset.ts, each a range of the sort index, queried in turn until the page is full.
 * Without one (page 1, or a typed page number): OFFSET, over the ids only, so a deep page reads the
 * index and not every row's joins.
 */
async function pageKeys(
  db: DbOrTx,
  where: SQL,
  key: KeysetKey,
  desc: boolean,
  limit: number,
  from: { cursor: Cursor } | { offset: number },
): Promise<Key[]> {
  const select = (condition: SQL | undefined, d: boolean, n: number, offset = 0) =>
    db
      // Aliased: an output column named like the sort column would capture an unqualified ORDER BY.
      .select({ id: s.id, k: sql<string | null>`(${key.expr})::text`.as("sort_key") })
      .from(s)
      .where(and(where, condition))
      .orderBy(...keysetOrder(key, s.id, d))
      .limit(n)
      .offset(offset);
  if ("offset" in from) return select(undefined, desc, limit, from.offset);
  // Going back: the rows before the cursor are the rows after it in the reverse order.
  const backwards = from.cursor.direction === "before";
  const d = backwards ? !desc : desc;
  const out: Key[] = [];
  for (const branch of keysetBranches(key, s.id, d, from.cursor)) {
    out.push(...(await select(branch, d, limit - out.length)));
    if (out.length >= limit) break;
  }
  return backwards ? out.reverse() : out;
}

async function rowsFor(db: DbOrTx, ids: string[], now: Date): Promise<SubscriptionRow[]> {
  if (ids.length === 0) return [];
  const idRule = alias(subscriptionIdentifierExclusionRules, "id_rule");
  const userRule = alias(subscriptionUserExclusionRules, "user_rule");
  const rows = await db
    .select({
      id: s.id,
      profileId: s.profileId,
      profileName: integrationProfiles.displayName,
      userPrincipalName: s.userPrincipalName,
      displayName: s.displayName,
      directoryUserId: s.directoryUserId,
      userName: directoryUsers.name,
      softwareModelId: s.softwareModelId,
      softwareModel: softwareModels.displayName,
      subscriptionIdentifier: s.subscriptionIdentifier,
      lastActivityAt: s.lastActivityAt,
      subscriptionAssignedAt: s.subscriptionAssignedAt,
      active: s.active,
      role: s.role,
      excluded: s.excluded,
      identifierRule: idRule.identifier,
      userRule: userRule.userPrincipalName,
    })
    .from(s)
    .innerJoin(integrationProfiles, eq(integrationProfiles.id, s.profileId))
    .leftJoin(directoryUsers, eq(directoryUsers.id, s.directoryUserId))
    .leftJoin(softwareModels, eq(softwareModels.id, s.softwareModelId))
    .leftJoin(idRule, eq(idRule.id, s.identifierExclusionRuleId))
    .leftJoin(userRule, eq(userRule.id, s.userExclusionRuleId))
    .where(inArray(s.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        ...r,
        lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
        inactiveDays: r.lastActivityAt ? Math.max(0, Math.floor((now.getTime() - r.lastActivityAt.getTime()) / DAY_MS)) : null,
        subscriptionAssignedAt: r.subscriptionAssignedAt?.toISOString() ?? null,
      },
    ];
  });
}

function sortOf(params: Params) {
  const key = SORT_KEYS[params.sort.id] ?? SORT_KEYS.inactiveDays;
  return { key, desc: key.invert ? !params.sort.desc : params.sort.desc };
}

/**
 * One page of subscriptions (current ones: removed rows are history), with its total (exact up to
 * 20,000 rows, else estimated) and the cursors of the neighbouring pages.
 */
export async function listSubscriptions(db: DbOrTx, params: Params, scope?: SubscriptionScope, now = new Date()): Promise<SubscriptionsPage> {
  const where = subscriptionsWhere(params.filters, scope, now);
  const { key, desc } = sortOf(params);
  const cursor = decodeCursor(params.cursor, params.sort);
  const limit = params.perPage;

  const keysQuery = async () => {
    // One row more than the page tells whether another page follows in that direction.
    const from = cursor ? { cursor } : { offset: (params.page - 1) * limit };
    let keys = await pageKeys(db, where, key, desc, limit + 1, from);
    let atStart = params.page === 1;
    let more: boolean;
    if (cursor?.direction === "before") {
      more = true;
      if (keys.length <= limit) {
        // Fewer rows than a page before the cursor (rows were removed since): show the first page.
        keys = await pageKeys(db, where, key, desc, limit + 1, { offset: 0 });
        atStart = true;
        more = keys.length > limit;
        keys = keys.slice(0, limit);
      } else keys = keys.slice(1);
    } else {
      more = keys.length > limit;
      keys = keys.slice(0, limit);
    }
    return { keys, more, atStart };
  };
  const totalQuery = () =>
    countOrEstimate(db, db.select({ id: s.id }).from(s).where(where), async () => (await db.select({ n: count() }).from(s).where(where))[0]?.n ?? 0);

  // The first page, when it is the only one, is its own total: no count (a search, a narrow filter).
  const onlyPage = params.page === 1 && !cursor;
  const [page, counted] = await Promise.all([keysQuery(), onlyPage ? null : totalQuery()]);
  const { keys, more, atStart } = page;
  const total = counted ?? (more ? await totalQuery() : { total: keys.length, estimated: false });
  const rows = await rowsFor(db, keys.map((k) => k.id), now);
  const first = keys[0];
  const last = keys[keys.length - 1];
  const sortRef = { sort: params.sort.id, desc: params.sort.desc };
  return {
    rows,
    total: total.total,
    estimated: total.estimated,
    cursors: {
      next: more && last ? encodeCursor({ direction: "after", ...sortRef, value: last.k, id: last.id }) : null,
      prev: !atStart && first ? encodeCursor({ direction: "before", ...sortRef, value: first.k, id: first.id }) : null,
    },
  };
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
    const keys: Key[] = await pageKeys(db, where, key, desc, batch, after ? { cursor: after } : { offset: 0 });
    yield* await rowsFor(db, keys.map((k) => k.id), now);
    const last = keys[keys.length - 1];
    if (keys.length < batch || !last) return;
    after = { direction: "after", sort: params.sort.id, desc: params.sort.desc, value: last.k, id: last.id };
  }
}
