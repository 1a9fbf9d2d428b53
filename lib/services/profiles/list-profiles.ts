import "server-only";
import { and, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { startListRead, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";
import { profileTypeLabel } from "../identifiers/profile-types";
import { integrationProfiles, jobResults, type ProfileStatus } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, iterateBatches, listPage, orderBy } from "../../table/sql";
import type { ProfilesSortKey } from "../../lists/profiles-spec";

export type ProfileRow = {
  id: string;
  displayName: string;
  profileType: string;
  /** The profile type as the screen names it ("Miro Enterprise Subscription"). */
  profileTypeLabel: string;
  vendorId: string;
  status: ProfileStatus;
  lastValidatedAt: string | null;
  lastValidationOk: boolean | null;
  lastRunAt: string | null;
  updatedAt: string;
};

type Params = ListParams<ProfilesSortKey, "q" | "status">;

const lastRunAt = sql<Date | null>`(select max(${jobResults.startedAt}) from ${jobResults} where ${jobResults.profileId} = ${integrationProfiles.id})`;

const sortColumns = {
  displayName: integrationProfiles.displayName,
  status: integrationProfiles.status,
  lastValidatedAt: integrationProfiles.lastValidatedAt,
  lastRunAt,
  updatedAt: integrationProfiles.updatedAt,
};

function whereOf(filters: Params["filters"]): SQL | undefined {
  return and(
    filters.q ? ilike(integrationProfiles.displayName, containsPattern(filters.q)) : undefined,
    filters.status ? eq(integrationProfiles.status, filters.status as ProfileStatus) : undefined,
  );
}

function query(db: DbOrTx, params: Params) {
  const where = whereOf(params.filters);
  const rowsOf = async ({ limit, offset }: { limit: number; offset: number }): Promise<ProfileRow[]> => {
    const rows = await db
      .select({
        id: integrationProfiles.id,
        displayName: integrationProfiles.displayName,
        profileType: integrationProfiles.profileType,
        vendorId: integrationProfiles.vendorId,
        status: integrationProfiles.status,
        lastValidatedAt: integrationProfiles.lastValidatedAt,
        lastValidationOk: sql<boolean | null>`(${integrationProfiles.lastValidationResult} ->> 'ok')::boolean`,
        lastRunAt,
        updatedAt: integrationProfiles.updatedAt,
      })
      .from(integrationProfiles)
      .where(where)
      .orderBy(...orderBy(sortColumns, params.sort, integrationProfiles.id))
      .limit(limit)
      .offset(offset);
    const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
    return rows.map((r) => ({ ...r, profileTypeLabel: profileTypeLabel(r.profileType), lastValidatedAt: iso(r.lastValidatedAt), lastRunAt: iso(r.lastRunAt), updatedAt: r.updatedAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(integrationProfiles).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export async function listProfiles(ctx: ServiceContext, input: ListInput<Params>) {
  const { params } = startListRead(ctx, input);
  const q = query(ctx.db, params);
  return listPage(params, q.rowsOf, q.totalOf);
}

export function iterateProfiles(ctx: ServiceContext, input: ListInput<Params>) {
  const { params } = startListRead(ctx, input);
  return iterateBatches(query(ctx.db, params).rowsOf);
}
