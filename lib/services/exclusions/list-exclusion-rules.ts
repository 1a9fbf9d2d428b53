import "server-only";
import { and, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { startListRead, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";
import {
  softwareSubscriptions,
  subscriptionIdentifierExclusionRules as identifierRules,
  subscriptionUserExclusionRules as userRules,
  users,
} from "../../db/schema";
import type { ExclusionKind, ExclusionRulesFilterKey, ExclusionRulesSortKey } from "../../lists/exclusions-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern } from "../../table/sql";
import { profileTypeLabel } from "../identifiers/profile-types";

export type ExclusionRuleRow = {
  /** `<kind>:<id>`: unique across the two tables. */
  key: string;
  kind: ExclusionKind;
  id: string;
  /** The identifier, or the user principal name. */
  value: string;
  profileType: string | null;
  profileTypeLabel: string | null;
  active: boolean;
  reason: string | null;
  excludedSubscriptions: number;
  createdBy: string | null;
  createdAt: string;
};

type Params = ListParams<ExclusionRulesSortKey, ExclusionRulesFilterKey>;

/*
 * **Subscription exclusions**: both rule tables in one list. Rules number in the tens (a few license
 * identifiers per vendor, a few service accounts), so the two are read whole with their filters
 * and merged, sorted and paged here; the subscription counts use the partial indexes on the rule
 * references.
 */
async function allRules(db: DbOrTx, params: Params): Promise<ExclusionRuleRow[]> {
  const f = params.filters;
  const active = f.active ? f.active === "true" : undefined;
  const current = sql`${softwareSubscriptions.removedAt} is null`;
  const out: ExclusionRuleRow[] = [];
  if (f.kind !== "user") {
    const parts: (SQL | undefined)[] = [
      f.q ? ilike(identifierRules.identifier, containsPattern(f.q)) : undefined,
      active === undefined ? undefined : eq(identifierRules.active, active),
    ];
    const rows = await db
      .select({
        id: identifierRules.id,
        value: identifierRules.identifier,
        profileType: identifierRules.profileType,
        active: identifierRules.active,
        reason: identifierRules.reason,
        excludedSubscriptions: sql<number>`(select count(*)::int from ${softwareSubscriptions} where ${softwareSubscriptions.identifierExclusionRuleId} = ${identifierRules.id} and ${current})`,
        createdBy: users.email,
        createdAt: identifierRules.createdAt,
      })
      .from(identifierRules)
      .leftJoin(users, eq(users.id, identifierRules.createdBy))
      .where(and(...parts));
    for (const r of rows) out.push({ ...r, key: `identifier:${r.id}`, kind: "identifier", profileTypeLabel: profileTypeLabel(r.profileType), excludedSubscriptions: Number(r.excludedSubscriptions), createdAt: r.createdAt.toISOString() });
  }
  if (f.kind !== "identifier") {
    const parts: (SQL | undefined)[] = [
      f.q ? ilike(userRules.userPrincipalName, containsPattern(f.q)) : undefined,
      active === undefined ? undefined : eq(userRules.active, active),
    ];
    const rows = await db
      .select({
        id: userRules.id,
        value: userRules.userPrincipalName,
        active: userRules.active,
        reason: userRules.reason,
        excludedSubscriptions: sql<number>`(select count(*)::int from ${softwareSubscriptions} where ${softwareSubscriptions.userExclusionRuleId} = ${userRules.id} and ${current})`,
        createdBy: users.email,
        createdAt: userRules.createdAt,
      })
      .from(userRules)
      .leftJoin(users, eq(users.id, userRules.createdBy))
      .where(and(...parts));
    for (const r of rows) out.push({ ...r, key: `user:${r.id}`, kind: "user", profileType: null, profileTypeLabel: null, excludedSubscriptions: Number(r.excludedSubscriptions), createdAt: r.createdAt.toISOString() });
  }
  const sign = params.sort.desc ? -1 : 1;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const by: Record<ExclusionRulesSortKey, (a: ExclusionRuleRow, b: ExclusionRuleRow) => number> = {
    value: (a, b) => cmp(a.value.toLowerCase(), b.value.toLowerCase()),
    kind: (a, b) => cmp(a.kind, b.kind) || cmp(a.value.toLowerCase(), b.value.toLowerCase()),
    createdAt: (a, b) => cmp(a.createdAt, b.createdAt),
  };
  return out.sort((a, b) => sign * by[params.sort.id](a, b) || cmp(a.key, b.key));
}

export async function listExclusionRules(ctx: ServiceContext, input: ListInput<Params>): Promise<{ rows: ExclusionRuleRow[]; total: number }> {
  const { params } = startListRead(ctx, input);
  const rows = await allRules(ctx.db, params);
  const start = (params.page - 1) * params.perPage;
  return { rows: rows.slice(start, start + params.perPage), total: rows.length };
}

export function iterateExclusionRules(ctx: ServiceContext, input: ListInput<Params>): AsyncGenerator<ExclusionRuleRow> {
  const { params } = startListRead(ctx, input);
  return (async function* () {
    yield* await allRules(ctx.db, params);
  })();
}
