import "server-only";
import { and, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { directoryUsers as d, softwareSubscriptions } from "../../db/schema";
import type { DirectoryFilterKey, DirectorySortKey } from "../../lists/directory-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type DirectoryUserRow = {
  id: string;
  name: string;
  email: string | null;
  userName: string | null;
  managerId: string | null;
  manager: string | null;
  managerEmail: string | null;
  department: string | null;
  costCenter: string | null;
  active: boolean;
  /** Current subscriptions resolved to this person. */
  subscriptions: number;
};

type Params = ListParams<DirectorySortKey, DirectoryFilterKey>;

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const manager = alias(d, "manager");
  const f = params.filters;
  const parts: (SQL | undefined)[] = [];
  if (f.q) {
    const p = containsPattern(f.q);
    parts.push(or(ilike(d.name, p), ilike(d.email, p), ilike(d.userName, p)));
  }
  if (f.department) parts.push(ilike(d.department, containsPattern(f.department)));
  if (f.active) parts.push(eq(d.active, f.active === "true"));
  const where = and(...parts);
  const subscriptions = sql<number>`(select count(*)::int from ${softwareSubscriptions} where ${softwareSubscriptions.directoryUserId} = ${d.id} and ${softwareSubscriptions.removedAt} is null)`;
  const sortColumns = { name: d.name, email: sql`lower(${d.email})`, userName: sql`lower(${d.userName})`, department: d.department, costCenter: d.costCenter };
  const rowsOf = async (window: PageWindow): Promise<DirectoryUserRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: d.id,
          name: d.name,
          email: d.email,
          userName: d.userName,
          managerId: d.managerId,
          manager: manager.name,
          managerEmail: manager.email,
          department: d.department,
          costCenter: d.costCenter,
          active: d.active,
          subscriptions,
        })
        .from(d)
        .leftJoin(manager, eq(manager.id, d.managerId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, d.id),
      window,
    );
    return rows.map((r) => ({ ...r, subscriptions: Number(r.subscriptions) }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(d).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export const { list: listDirectoryUsers, iterate: iterateDirectoryUsers } = listReads(query);
