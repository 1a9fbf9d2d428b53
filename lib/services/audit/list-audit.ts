import "server-only";
import { and, count, eq, ilike, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { auditLog } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
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

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const where = whereOf(params.filters);
  const rowsOf = async (window: PageWindow): Promise<AuditRow[]> => {
    const rows = await inWindow(
      db
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
        .$dynamic(),
      orderBy(sortColumns, params.sort, auditLog.id),
      window,
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(auditLog).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export const { list: listAudit, iterate: iterateAudit } = listReads(query, { permission: "audit:view" });
