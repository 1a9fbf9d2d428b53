import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { startListRead, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";
import { subscriptionIdentifierExclusionRules as rules } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { iterateBatches, listPage, orderBy } from "../../table/sql";

export type IdentifierExclusionRow = { id: string; identifier: string; active: boolean; reason: string | null; createdAt: string };
type Params = ListParams<"identifier" | "createdAt", "active">;

/** Subscription Identifier Exclusion Rules of the profile's type (product.md §4.5). */
function query(db: DbOrTx, profileType: string, params: Params) {
  const where = and(eq(rules.profileType, profileType), params.filters.active ? eq(rules.active, params.filters.active === "true") : undefined);
  const rowsOf = async ({ limit, offset }: { limit: number; offset: number }): Promise<IdentifierExclusionRow[]> => {
    const rows = await db
      .select({ id: rules.id, identifier: rules.identifier, active: rules.active, reason: rules.reason, createdAt: rules.createdAt })
      .from(rules)
      .where(where)
      .orderBy(...orderBy({ identifier: rules.identifier, createdAt: rules.createdAt }, params.sort, rules.id))
      .limit(limit)
      .offset(offset);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(rules).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** The rules of the profile type of the list's profile. */
export type IdentifierExclusionsInput = ListInput<Params> & { profileType: string };

export async function listIdentifierExclusions(ctx: ServiceContext, input: IdentifierExclusionsInput) {
  const { params } = startListRead(ctx, input);
  const q = query(ctx.db, input.profileType, params);
  return listPage(params, q.rowsOf, q.totalOf);
}

export function iterateIdentifierExclusions(ctx: ServiceContext, input: IdentifierExclusionsInput) {
  const { params } = startListRead(ctx, input);
  return iterateBatches(query(ctx.db, input.profileType, params).rowsOf);
}
