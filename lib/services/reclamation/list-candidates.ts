import "server-only";
import { and, count, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import {
  CLOSED_REMOVAL_CANDIDATE_STATES,
  integrationProfiles,
  OPEN_REMOVAL_CANDIDATE_STATES,
  removalCandidates as c,
  removalCandidateStateEnum,
  softwareModels,
  type RemovalCandidateState,
} from "../../db/schema";
import { authorize } from "../../auth/actor";
import { vendorDisplayNames } from "../../integrations/registry";
import { listReads, startListRead, type ListInput } from "../../lists/read-list";
import type { RemovalCandidatesFilterKey, RemovalCandidatesSortKey } from "../../lists/removal-candidates-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
import type { ServiceContext } from "../context";

export type RemovalCandidateRow = {
  id: string;
  number: string;
  state: RemovalCandidateState;
  userPrincipalName: string;
  modelName: string | null;
  profileId: string | null;
  profileName: string | null;
  inactiveDays: number | null;
  potentialSavings: string | null;
  actualSavings: string | null;
  currency: string | null;
  reason: string;
  vendorError: string | null;
  closeReason: string | null;
  createdAt: string;
  closedAt: string | null;
};

type Params = ListParams<RemovalCandidatesSortKey, RemovalCandidatesFilterKey> | ListParams<RemovalCandidatesSortKey, Exclude<RemovalCandidatesFilterKey, "profile">>;
const uuid = z.uuid();
const states = new Set<string>(removalCandidateStateEnum.enumValues);

/** The list's WHERE: the profile (related list), the search, the state or state group, the profile filter. */
export function candidatesWhere(params: Params, profileId?: string): SQL | undefined {
  const f = params.filters as Partial<Record<RemovalCandidatesFilterKey, string>>;
  const parts: (SQL | undefined)[] = [];
  if (profileId) parts.push(eq(c.profileId, profileId));
  // A number ("RCC0000123", "123") is looked up by number; anything else by user (trigram index).
  if (f.q) parts.push(/^(rcc)?\d+$/i.test(f.q.trim()) ? ilike(c.number, containsPattern(f.q.trim())) : ilike(c.userPrincipalName, containsPattern(f.q)));
  if (f.state === "open") parts.push(inArray(c.state, [...OPEN_REMOVAL_CANDIDATE_STATES]));
  else if (f.state === "closed") parts.push(inArray(c.state, [...CLOSED_REMOVAL_CANDIDATE_STATES]));
  else if (f.state) parts.push(states.has(f.state) ? eq(c.state, f.state as RemovalCandidateState) : sql`false`);
  if (f.profile) parts.push(uuid.safeParse(f.profile).success ? eq(c.profileId, f.profile) : sql`false`);
  return and(...parts);
}

function query(db: DbOrTx, { params, profileId }: ListInput<Params>) {
  const where = candidatesWhere(params, profileId);
  const sortColumns = {
    number: c.number,
    state: c.state,
    user: c.userPrincipalName,
    inactiveDays: c.inactiveDays,
    potentialSavings: c.potentialSavings,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
  const rowsOf = async (window: PageWindow): Promise<RemovalCandidateRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: c.id,
          number: c.number,
          state: c.state,
          userPrincipalName: c.userPrincipalName,
          modelName: softwareModels.displayName,
          profileId: c.profileId,
          profileName: integrationProfiles.displayName,
          inactiveDays: c.inactiveDays,
          potentialSavings: c.potentialSavings,
          actualSavings: c.actualSavings,
          currency: c.currency,
          reason: c.reason,
          vendorError: c.vendorError,
          closeReason: c.closeReason,
          createdAt: c.createdAt,
          closedAt: c.closedAt,
        })
        .from(c)
        .leftJoin(softwareModels, eq(softwareModels.id, c.softwareModelId))
        .leftJoin(integrationProfiles, eq(integrationProfiles.id, c.profileId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, c.number),
      window,
    );
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(c).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Removal candidates**: every candidate, or a profile's (its related list). */
export const { list: listRemovalCandidates, iterate: iterateRemovalCandidates } = listReads(query);

/** The Ready candidates of the list's current filter: what **Reclaim All** acts on, and its count. */
export async function readyCandidateIds(ctx: ServiceContext, input: ListInput<Params>): Promise<string[]> {
  const { params, profileId } = startListRead(ctx, input, "candidates:act");
  const rows = await ctx.db
    .select({ id: c.id })
    .from(c)
    .where(and(candidatesWhere(params, profileId), eq(c.state, "ready")))
    .orderBy(c.number)
    .limit(10_000);
  return rows.map((r) => r.id);
}

/** How many Ready candidates the current filter holds: the number Reclaim All's confirmation names. */
export async function countReadyCandidates(ctx: ServiceContext, input: ListInput<Params>): Promise<number> {
  const { params, profileId } = startListRead(ctx, input);
  const [row] = await ctx.db.select({ n: count() }).from(c).where(and(candidatesWhere(params, profileId), eq(c.state, "ready")));
  return row?.n ?? 0;
}

/** The vendor named in confirmations ("deactivates 3 Miro users"): the profile's, or the one every profile shares. */
export async function candidatesVendorName(ctx: ServiceContext, profileId?: string): Promise<string> {
  authorize(ctx.actor, "workspace:view", "see removal candidates");
  const rows = await ctx.db
    .selectDistinct({ vendorId: integrationProfiles.vendorId })
    .from(integrationProfiles)
    .where(profileId ? eq(integrationProfiles.id, profileId) : undefined);
  const names = vendorDisplayNames();
  if (rows.length !== 1) return "vendor";
  return names.find((v) => v.id === rows[0]!.vendorId)?.displayName ?? "vendor";
}
