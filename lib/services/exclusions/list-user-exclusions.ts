import "server-only";
import { and, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { softwareSubscriptions, subscriptionUserExclusionRules as rules, users } from "../../db/schema";
import type { UserExclusionsFilterKey, UserExclusionsSortKey } from "../../lists/exclusions-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type UserExclusionRow = {
  id: string;
  userPrincipalName: string;
  active: boolean;
  reason: string | null;
  /** Current subscriptions this rule excludes (of the profile, on a profile's tab). */
  excludedSubscriptions: number;
  createdBy: string | null;
  createdAt: string;
};

type Params = ListParams<UserExclusionsSortKey, UserExclusionsFilterKey>;

function query(db: DbOrTx, { params, profileId }: ListInput<Params>) {
  const parts: (SQL | undefined)[] = [];
  if (params.filters.q) parts.push(ilike(rules.userPrincipalName, containsPattern(params.filters.q)));
  if (params.filters.active) parts.push(eq(rules.active, params.filters.active === "true"));
  const where = and(...parts);
  const excluded = sql<number>`(select count(*)::int from ${softwareSubscriptions} where ${softwareSubscriptions.userExclusionRuleId} = ${rules.id} and ${softwareSubscriptions.removedAt} is null${
    profileId ? sql` and ${softwareSubscriptions.profileId} = ${profileId}` : sql``
  })`;
  const sortColumns = { userPrincipalName: sql`lower(${rules.userPrincipalName})`, createdAt: rules.createdAt };
  const rowsOf = async (window: PageWindow): Promise<UserExclusionRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: rules.id,
          userPrincipalName: rules.userPrincipalName,
          active: rules.active,
          reason: rules.reason,
          excludedSubscriptions: excluded,
          createdBy: users.email,
          createdAt: rules.createdAt,
        })
        .from(rules)
        .leftJoin(users, eq(users.id, rules.createdBy))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, rules.id),
      window,
    );
    return rows.map((r) => ({ ...r, excludedSubscriptions: Number(r.excludedSubscriptions), createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(rules).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Subscription User Exclusion Rule**: every rule (they apply across profiles). */
export const { list: listUserExclusions, iterate: iterateUserExclusions } = listReads(query);
