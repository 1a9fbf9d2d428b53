import "server-only";
import { and, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { authorize } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { integrationProfiles, softwareModels as m, softwareSubscriptions, subscriptionIdentifiers, type SoftwareModelSource, type SoftwareModelStatus } from "../../db/schema";
import type { SoftwareModelsFilterKey, SoftwareModelsSortKey } from "../../lists/software-models-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type SoftwareModelRow = {
  id: string;
  displayName: string;
  publisher: string;
  product: string;
  edition: string | null;
  identifiers: string[];
  subscriptions: number;
  source: SoftwareModelSource;
  status: SoftwareModelStatus;
  profileId: string | null;
  profileName: string | null;
  createdAt: string;
};

type Params = ListParams<SoftwareModelsSortKey, SoftwareModelsFilterKey>;
const uuid = z.uuid();

function query(db: DbOrTx, { params }: ListInput<Params>) {
  // One pass over the current subscriptions grouped by model, instead of a count per model row.
  const counts = db
    .select({ modelId: softwareSubscriptions.softwareModelId, n: sql<number>`count(*)::int`.as("n") })
    .from(softwareSubscriptions)
    .where(sql`${softwareSubscriptions.removedAt} is null and ${softwareSubscriptions.softwareModelId} is not null`)
    .groupBy(softwareSubscriptions.softwareModelId)
    .as("counts");
  const subscriptions = sql<number>`coalesce(${counts.n}, 0)`;
  const identifiers = sql<string[]>`array(select distinct ${subscriptionIdentifiers.identifier} from ${subscriptionIdentifiers} where ${subscriptionIdentifiers.softwareModelId} = ${m.id} order by 1)`;
  const f = params.filters;
  const parts: (SQL | undefined)[] = [];
  if (f.q) parts.push(or(ilike(m.displayName, containsPattern(f.q)), ilike(m.publisher, containsPattern(f.q))));
  if (f.source) parts.push(eq(m.source, f.source as SoftwareModelSource));
  if (f.profile) parts.push(uuid.safeParse(f.profile).success ? eq(m.profileId, f.profile) : sql`false`);
  const where = and(...parts);
  const sortColumns = { displayName: m.displayName, publisher: m.publisher, subscriptions, source: m.source, createdAt: m.createdAt };

  const rowsOf = async (window: PageWindow): Promise<SoftwareModelRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: m.id,
          displayName: m.displayName,
          publisher: m.publisher,
          product: m.product,
          edition: m.edition,
          identifiers,
          subscriptions,
          source: m.source,
          status: m.status,
          profileId: m.profileId,
          profileName: integrationProfiles.displayName,
          createdAt: m.createdAt,
        })
        .from(m)
        .leftJoin(counts, eq(counts.modelId, m.id))
        .leftJoin(integrationProfiles, eq(integrationProfiles.id, m.profileId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, m.id),
      window,
    );
    return rows.map((r) => ({ ...r, subscriptions: Number(r.subscriptions), createdAt: r.createdAt.toISOString() }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(m).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Software models** (all of them), with the current subscriptions that map to each. */
export const { list: listSoftwareModels, iterate: iterateSoftwareModels } = listReads(query);

/** The choices of a Map to model dialog (for whoever may map): every model in production, by name. */
export async function listModelChoices(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, "identifiers:map", "map subscription identifiers to software models");
  return ctx.db
    .select({ id: m.id, name: m.displayName })
    .from(m)
    .where(eq(m.status, "in_production"))
    .orderBy(m.displayName, m.id);
}
