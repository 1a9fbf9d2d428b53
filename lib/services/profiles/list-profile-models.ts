import "server-only";
import { and, count, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { z } from "zod";
import { listReads, type ListInput } from "../../lists/read-list";
import { softwareModels, softwareSubscriptions, subscriptionIdentifiers } from "../../db/schema";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type ProfileModelRow = { id: string; displayName: string; publisher: string; identifiers: string[]; subscriptions: number; createdAt: string };

type Params = ListParams<"displayName" | "publisher" | "subscriptions" | "createdAt", "q">;

/**
 * The Software Models related list: models that this profile's identifiers map to (shared by the
 * profile type, or the profile's own mappings), with this profile's live subscription counts.
 */
function query(db: DbOrTx, { params, profile }: ProfileModelsInput) {
  const mapping = or(
    and(eq(subscriptionIdentifiers.profileType, profile.profileType), isNull(subscriptionIdentifiers.profileId)),
    eq(subscriptionIdentifiers.profileId, profile.id),
  );
  const mapped = sql`exists (select 1 from ${subscriptionIdentifiers} where ${subscriptionIdentifiers.softwareModelId} = ${softwareModels.id} and ${mapping})`;
  const identifiers = sql<string[]>`array(select ${subscriptionIdentifiers.identifier} from ${subscriptionIdentifiers} where ${subscriptionIdentifiers.softwareModelId} = ${softwareModels.id} and ${mapping} order by 1)`;
  const subscriptions = sql<number>`(select count(*)::int from ${softwareSubscriptions} where ${softwareSubscriptions.softwareModelId} = ${softwareModels.id} and ${softwareSubscriptions.profileId} = ${profile.id} and ${softwareSubscriptions.removedAt} is null)`;
  const where: SQL | undefined = and(mapped, params.filters.q ? ilike(softwareModels.displayName, containsPattern(params.filters.q)) : undefined);
  const sortColumns = { displayName: softwareModels.displayName, publisher: softwareModels.publisher, subscriptions, createdAt: softwareModels.createdAt };
  const rowsOf = async (window: PageWindow): Promise<ProfileModelRow[]> => {
    const rows = await inWindow(
      db
        .select({ id: softwareModels.id, displayName: softwareModels.displayName, publisher: softwareModels.publisher, identifiers, subscriptions, createdAt: softwareModels.createdAt })
        .from(softwareModels)
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, softwareModels.id),
      window,
    );
    return rows.map((r) => ({ ...r, subscriptions: Number(r.subscriptions), createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(softwareModels).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** The list's profile, with its type (the models of its vendor's identifiers). */
export type ProfileModelsInput = ListInput<Params> & { profile: { id: string; profileType: string } };

export const { list: listProfileModels, iterate: iterateProfileModels } = listReads(query, {
  extra: z.object({ profile: z.object({ id: z.uuid(), profileType: z.string().min(1).max(80) }) }),
});
