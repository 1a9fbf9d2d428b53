import "server-only";
import { and, count, eq, ilike, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { startListRead, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";
import { auditLog } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, iterateBatches, listPage, orderBy } from "../../table/sql";
import type { AuditSortKey } from "../../lists/audit-spec";

export type AuditRow = {
  id: number;
  at: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
};

type Params = ListParams<AuditSortKey, "q" | "entityType">;

const sortColumns = { at: auditLog.at, actorLabel: auditLog.actorLabel, action: auditLog.action, entityType: auditLog.entityType };

function whereOf(filters: Params["filters"]): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filters.q) {
    const p = containsPattern(filters.q);
    parts.push(or(ilike(auditLog.actorLabel, p), ilike(auditLog.summary, p), ilike(auditLog.action, p)));
  }
  if (filters.entityType) parts.push(eq(auditLog.entityType, filters.entityType));
  return and(...parts);
}

function query(db: DbOrTx, params: Params) {
  const where = whereOf(params.filters);
  const rowsOf = async ({ limit, offset }: { limit: number; offset: number }): Promise<AuditRow[]> => {
    const rows = await db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorLabel: auditLog.actorLabel,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        summary: auditLog.summary,
      })
      .from(auditLog)
      .where(where)
      .orderBy(...orderBy(sortColumns, params.sort, auditLog.id))
      .limit(limit)
      .offset(offset);
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(auditLog).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export async function listAudit(ctx: ServiceContext, input: ListInput<Params>) {
  const { params } = startListRead(ctx, input, "audit:view");
  const q = query(ctx.db, params);
  return listPage(params, q.rowsOf, q.totalOf);
}

export function iterateAudit(ctx: ServiceContext, input: ListInput<Params>) {
  const { params } = startListRead(ctx, input, "audit:view");
  return iterateBatches(query(ctx.db, params).rowsOf);
}
