import "server-only";
import { and, eq, gt, lte, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { softwareSubscriptions as s } from "../../db/schema";
import type { SubscriptionsFilterKey, SubscriptionsSortKey } from "../../lists/subscriptions-spec";
import type { KeysetKey } from "../../table/keyset";
import { parseRange, type ListParams } from "../../table/list-spec";
import { containsPattern } from "../../table/sql";

/* Which subscriptions a list reads (its filters and scope) and in which order (its sort keys). */

export type SubscriptionScope = { profileId?: string };
export type Params = ListParams<SubscriptionsSortKey, SubscriptionsFilterKey> | ListParams<SubscriptionsSortKey, Exclude<SubscriptionsFilterKey, "profile">>;
export type Filters = Partial<Record<SubscriptionsFilterKey, string>>;

export const DAY_MS = 86_400_000;
const uuid = z.uuid();

/**
 * Sort keys and how each maps onto an index: `lower(user_principal_name), id` and
 * `last_activity_at asc nulls first, id` (also per profile) are partial indexes on current rows;
 * the identifier has one per profile. Inactive days is last activity read backwards: most inactive
 * first = oldest activity first, never active (null) being the oldest of all.
 */
export const SORT_KEYS: Record<SubscriptionsSortKey, KeysetKey & { invert?: boolean }> = {
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
 * its page is planned for the call (figures in docs/performance.md, "Lists").
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

/**
 * Whether a page's statement may run prepared (executeRows). Its best plan reads the sort index
 * whatever the values of the profile, inactive-days, never-active, excluded and without-user
 * filters; a search, an identifier or a model can call for another index (the trigram index, a rare
 * identifier's), which only a plan made for the value picks: an identifier written into the text
 * (inlinedIdentifier) gets a statement, and a plan, of its own.
 */
export function planStable(filters: Filters): boolean {
  return !filters.q && !filters.model && (!filters.identifier || inlinedIdentifier(filters.identifier) !== undefined);
}

export function sortOf(params: Params) {
  const key = SORT_KEYS[params.sort.id] ?? SORT_KEYS.inactiveDays;
  return { key, desc: key.invert ? !params.sort.desc : params.sort.desc };
}
