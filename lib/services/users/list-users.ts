import "server-only";
import { and, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { users, type Role } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
import type { UsersFilterKey, UsersSortKey } from "../../lists/users-spec";

export type UserRow = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

type Params = ListParams<UsersSortKey, UsersFilterKey>;

const sortColumns = { name: users.name, email: users.email, lastSignInAt: users.lastSignInAt, createdAt: users.createdAt };

function whereOf(filters: Params["filters"]): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filters.q) parts.push(or(ilike(users.name, containsPattern(filters.q)), ilike(users.email, containsPattern(filters.q))));
  if (filters.role) parts.push(sql`${filters.role} = any(${users.roles})`);
  if (filters.active) parts.push(eq(users.active, filters.active === "true"));
  return and(...parts);
}

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const where = whereOf(params.filters);
  const rowsOf = async (window: PageWindow): Promise<UserRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          roles: users.roles,
          active: users.active,
          lastSignInAt: users.lastSignInAt,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, users.id),
      window,
    );
    return rows.map((r) => ({ ...r, lastSignInAt: r.lastSignInAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(users).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export const { list: listUsers, iterate: iterateUsers } = listReads(query, { permission: "users:manage" });
