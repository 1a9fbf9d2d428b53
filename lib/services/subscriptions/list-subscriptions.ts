import "server-only";
import { count } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { softwareSubscriptions as s } from "../../db/schema";
import { startListRead, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";
import { decodeCursor, encodeCursor, type Cursor } from "../../table/keyset";
import { countOrEstimate, type ListTotal } from "../../table/sql";
import { pageRows, slice, type PageRows } from "./subscription-page-rows";
import type { SubscriptionRow, SubscriptionsPage } from "./subscription-row";
import { planStable, sortOf, subscriptionsWhere, type Params } from "./subscriptions-where";

export type { SubscriptionRow, SubscriptionsPage } from "./subscription-row";
export { subscriptionsWhere, type SubscriptionScope } from "./subscriptions-where";

/**
 * One page of subscriptions (current ones: removed rows are history) and the cursors of the
 * neighbouring pages. The total comes from `countSubscriptions`, which the page streams in after
 * the rows: counting a filter over 100,000 rows can take several times what the page itself takes.
 */
export async function listSubscriptions(ctx: ServiceContext, input: ListInput<Params>): Promise<SubscriptionsPage> {
  const { params, profileId, now = new Date() } = startListRead(ctx, input);
  const db = ctx.db;
  const where = subscriptionsWhere(params.filters, { profileId }, now);
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
export async function countSubscriptions(ctx: ServiceContext, input: ListInput<Params>): Promise<ListTotal> {
  const { params, profileId, now = new Date() } = startListRead(ctx, input);
  const db = ctx.db;
  const where = subscriptionsWhere(params.filters, { profileId }, now);
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
export function iterateSubscriptions(ctx: ServiceContext, input: ListInput<Params>, batch = 1000): AsyncGenerator<SubscriptionRow> {
  // Checked here, before the first row is asked for, so that a refusal is not a cut-off file.
  const { params, profileId, now = new Date() } = startListRead(ctx, input);
  return subscriptionBatches(ctx.db, params, profileId, now, batch);
}

async function* subscriptionBatches(db: DbOrTx, params: Params, profileId: string | undefined, now: Date, batch: number): AsyncGenerator<SubscriptionRow> {
  const where = subscriptionsWhere(params.filters, { profileId }, now);
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
