import "server-only";
import { and, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { profileTypeLabel } from "../identifiers/profile-types";
import { integrationProfiles, jobResults, type ProfileStatus } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
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

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const where = whereOf(params.filters);
  const rowsOf = async (window: PageWindow): Promise<ProfileRow[]> => {
    const rows = await inWindow(
      db
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
        .$dynamic(),
      orderBy(sortColumns, params.sort, integrationProfiles.id),
      window,
    );
    const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
    return rows.map((r) => ({ ...r, profileTypeLabel: profileTypeLabel(r.profileType), lastValidatedAt: iso(r.lastValidatedAt), lastRunAt: iso(r.lastRunAt), updatedAt: r.updatedAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(integrationProfiles).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export const { list: listProfiles, iterate: iterateProfiles } = listReads(query);
