import "server-only";
import { and, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { reclamationRules as r, softwareModels } from "../../db/schema";
import type { ReclamationRulesFilterKey, ReclamationRulesSortKey } from "../../lists/reclamation-rules-spec";
import { listReads, type ListInput } from "../../lists/read-list";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type ReclamationRuleRow = {
  id: string;
  name: string;
  modelName: string | null;
  active: boolean;
  lastActivityThresholdDays: number;
  gracePeriodDays: number;
  notifyUser: boolean;
  daysBeforeAutoReclamation: number | null;
  createCandidates: boolean;
  openCandidates: number;
  updatedAt: string;
};

type Params = ListParams<ReclamationRulesSortKey, ReclamationRulesFilterKey>;

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const f = params.filters;
  const parts: (SQL | undefined)[] = [];
  if (f.q) parts.push(or(ilike(r.name, containsPattern(f.q)), ilike(softwareModels.displayName, containsPattern(f.q))));
  if (f.active === "true" || f.active === "false") parts.push(eq(r.active, f.active === "true"));
  const where = and(...parts);
  const open = sql<number>`(select count(*)::int from removal_candidates c where c.rule_id = ${r.id} and c.closed_at is null)`;
  const sortColumns = { name: r.name, threshold: r.lastActivityThresholdDays, updatedAt: r.updatedAt };
  const rowsOf = async (window: PageWindow): Promise<ReclamationRuleRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: r.id,
          name: r.name,
          modelName: softwareModels.displayName,
          active: r.active,
          lastActivityThresholdDays: r.lastActivityThresholdDays,
          gracePeriodDays: r.gracePeriodDays,
          notifyUser: r.notifyUser,
          daysBeforeAutoReclamation: r.daysBeforeAutoReclamation,
          createCandidates: r.createCandidates,
          openCandidates: open,
          updatedAt: r.updatedAt,
        })
        .from(r)
        .leftJoin(softwareModels, eq(softwareModels.id, r.softwareModelId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, r.id),
      window,
    );
    return rows.map((x) => ({ ...x, openCandidates: Number(x.openCandidates), updatedAt: x.updatedAt.toISOString() }));
  };
  const totalOf = async () =>
    (await db.select({ n: count() }).from(r).leftJoin(softwareModels, eq(softwareModels.id, r.softwareModelId)).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Reclamation rules**: every rule, with its model and open candidates. */
export const { list: listReclamationRules, iterate: iterateReclamationRules } = listReads(query);
