import "server-only";
import { and, asc, count, desc, eq, ilike, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { integrationProfiles, softwareModels, unrecognizedSubscriptionIdentifiers as u } from "../../db/schema";
import type { UnrecognizedFilterKey, UnrecognizedSortKey } from "../../lists/unrecognized-identifiers-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, type PageWindow } from "../../table/sql";
import { profileTypeLabel } from "./profile-types";

/**
 * One row per identifier and profile type: mapping is per profile type, so two Miro organizations
 * that both meet `enterprise_plus` show one row with both profiles and the sum of their counts.
 */
export type UnrecognizedRow = {
  /** `<profile type>:<identifier>`: the row's key. */
  key: string;
  profileType: string;
  profileTypeLabel: string;
  identifier: string;
  /** Subscriptions that carried the identifier when a download last met it. */
  subscriptions: number;
  profiles: { id: string; name: string }[];
  firstSeenAt: string;
  lastSeenAt: string;
  /** Open: some profile still meets it unmapped; otherwise the model it was mapped to. */
  open: boolean;
  mappedModel: string | null;
};

type Params = ListParams<UnrecognizedSortKey, UnrecognizedFilterKey> | ListParams<UnrecognizedSortKey, Exclude<UnrecognizedFilterKey, "profile">>;
const uuid = z.uuid();

function query(db: DbOrTx, { params, profileId }: ListInput<Params>) {
  const f = params.filters as Partial<Record<UnrecognizedFilterKey, string>>;
  const inner: (SQL | undefined)[] = [];
  if (profileId) inner.push(eq(u.profileId, profileId));
  if (f.profile) inner.push(uuid.safeParse(f.profile).success ? eq(u.profileId, f.profile) : sql`false`);
  if (f.q) inner.push(ilike(u.identifier, containsPattern(f.q)));

  const grouped = db
    .select({
      profileType: integrationProfiles.profileType,
      identifier: u.identifier,
      subscriptions: sql<number>`sum(${u.subscriptionCount})::int`.as("subscriptions"),
      profiles: sql<{ id: string; name: string }[]>`json_agg(json_build_object('id', ${integrationProfiles.id}, 'name', ${integrationProfiles.displayName}) order by ${integrationProfiles.displayName})`.as("profiles"),
      firstSeenAt: sql<Date>`min(${u.firstSeenAt})`.mapWith(u.firstSeenAt).as("first_seen_at"),
      lastSeenAt: sql<Date>`max(${u.lastSeenAt})`.mapWith(u.lastSeenAt).as("last_seen_at"),
      openCount: sql<number>`(count(*) filter (where ${u.resolvedAt} is null))::int`.as("open_count"),
      mappedModel: sql<string | null>`max(${softwareModels.displayName})`.as("mapped_model"),
    })
    .from(u)
    .innerJoin(integrationProfiles, eq(integrationProfiles.id, u.profileId))
    .leftJoin(softwareModels, eq(softwareModels.id, u.resolvedModelId))
    .where(and(...inner))
    .groupBy(integrationProfiles.profileType, u.identifier)
    .as("g");

  const where = f.state === "open" ? sql`${grouped.openCount} > 0` : f.state === "mapped" ? sql`${grouped.openCount} = 0` : undefined;
  const sortColumns = {
    identifier: grouped.identifier,
    subscriptions: grouped.subscriptions,
    firstSeenAt: grouped.firstSeenAt,
    lastSeenAt: grouped.lastSeenAt,
  } as const;
  const dir = params.sort.desc ? desc : asc;
  const rowsOf = async (window: PageWindow): Promise<UnrecognizedRow[]> => {
    const rows = await inWindow(
      db.select().from(grouped).where(where).$dynamic(),
      // Open rows first: they are what needs doing.
      [sql`(${grouped.openCount} > 0) desc`, dir(sortColumns[params.sort.id]), asc(grouped.identifier), asc(grouped.profileType)],
      window,
    );
    return rows.map((r) => ({
      key: `${r.profileType}:${r.identifier}`,
      profileType: r.profileType,
      profileTypeLabel: profileTypeLabel(r.profileType),
      identifier: r.identifier,
      subscriptions: Number(r.subscriptions),
      profiles: typeof r.profiles === "string" ? JSON.parse(r.profiles) : r.profiles,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      open: Number(r.openCount) > 0,
      mappedModel: r.mappedModel,
    }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(grouped).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Unrecognized Subscription Identifiers**, across profiles or (`profileId`) for one profile. */
export const { list: listUnrecognizedIdentifiers, iterate: iterateUnrecognizedIdentifiers } = listReads(query);
