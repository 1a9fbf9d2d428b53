import { count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { scheduledJobs } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { iterateBatches, listPage, orderBy } from "../../table/sql";

export type ProfileJobRow = { id: string; name: string; kind: string; cron: string; active: boolean; lastRunAt: string | null; createdAt: string };

type Params = ListParams<"name" | "lastRunAt" | "createdAt", never>;

function query(db: DbOrTx, profileId: string, params: Params) {
  const where = eq(scheduledJobs.profileId, profileId);
  const sortColumns = { name: scheduledJobs.name, lastRunAt: scheduledJobs.lastRunAt, createdAt: scheduledJobs.createdAt };
  const rowsOf = async ({ limit, offset }: { limit: number; offset: number }): Promise<ProfileJobRow[]> => {
    const rows = await db
      .select({ id: scheduledJobs.id, name: scheduledJobs.name, kind: scheduledJobs.kind, cron: scheduledJobs.cron, active: scheduledJobs.active, lastRunAt: scheduledJobs.lastRunAt, createdAt: scheduledJobs.createdAt })
      .from(scheduledJobs)
      .where(where)
      .orderBy(...orderBy(sortColumns, params.sort, scheduledJobs.id))
      .limit(limit)
      .offset(offset);
    return rows.map((r) => ({ ...r, lastRunAt: r.lastRunAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(scheduledJobs).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export function listProfileJobs(db: DbOrTx, profileId: string, params: Params) {
  const q = query(db, profileId, params);
  return listPage(params, q.rowsOf, q.totalOf);
}

export function iterateProfileJobs(db: DbOrTx, profileId: string, params: Params) {
  return iterateBatches(query(db, profileId, params).rowsOf);
}
