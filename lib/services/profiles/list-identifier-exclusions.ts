import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { z } from "zod";
import { listReads, type ListInput } from "../../lists/read-list";
import { subscriptionIdentifierExclusionRules as rules } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { inWindow, orderBy, type PageWindow } from "../../table/sql";

export type IdentifierExclusionRow = { id: string; identifier: string; active: boolean; reason: string | null; createdAt: string };
type Params = ListParams<"identifier" | "createdAt", "active">;

/** Subscription Identifier Exclusion Rules of the profile's type (product.md §4.5). */
function query(db: DbOrTx, { params, profileType }: IdentifierExclusionsInput) {
  const where = and(eq(rules.profileType, profileType), params.filters.active ? eq(rules.active, params.filters.active === "true") : undefined);
  const rowsOf = async (window: PageWindow): Promise<IdentifierExclusionRow[]> => {
    const rows = await inWindow(
      db
        .select({ id: rules.id, identifier: rules.identifier, active: rules.active, reason: rules.reason, createdAt: rules.createdAt })
        .from(rules)
        .where(where)
        .$dynamic(),
      orderBy({ identifier: rules.identifier, createdAt: rules.createdAt }, params.sort, rules.id),
      window,
    );
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(rules).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** The rules of the profile type of the list's profile. */
export type IdentifierExclusionsInput = ListInput<Params> & { profileType: string };

export const { list: listIdentifierExclusions, iterate: iterateIdentifierExclusions } = listReads(query, {
  extra: z.object({ profileType: z.string().min(1).max(80) }),
});
