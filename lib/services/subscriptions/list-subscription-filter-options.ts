import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import type { ServiceContext } from "../context";
import { integrationProfiles, softwareModels } from "../../db/schema";
import { executeRows } from "../../table/sql";

export type FilterOption = { value: string; label: string };
export type SubscriptionFilterOptions = { identifier: FilterOption[]; model: FilterOption[]; profile: FilterOption[] };

/**
 * The distinct identifiers of one profile's current subscriptions, read as a loose index scan over
 * `software_subscriptions_profile_identifier_idx`: one index probe per identifier (a handful)
 * instead of a scan of 100k rows for `select distinct`.
 */
async function profileIdentifiers(db: DbOrTx, profileId: string): Promise<string[]> {
  const rows = await executeRows<{ i: string }>(
    db,
    sql`with recursive t(i) as (
      (select subscription_identifier from software_subscriptions
        where profile_id = ${profileId} and removed_at is null order by subscription_identifier limit 1)
      union all
      select (select subscription_identifier from software_subscriptions
        where profile_id = ${profileId} and removed_at is null and subscription_identifier > t.i
        order by subscription_identifier limit 1)
      from t where t.i is not null
    ) select i from t where i is not null`,
  );
  return rows.map((r) => r.i);
}

/** Every integration profile by name: the choices of the lists' Profile filter. */
export async function listProfileOptions(ctx: ServiceContext): Promise<FilterOption[]> {
  authorize(ctx.actor, "workspace:view", "see integration profiles");
  const rows = await ctx.db
    .select({ id: integrationProfiles.id, name: integrationProfiles.displayName })
    .from(integrationProfiles)
    .orderBy(asc(integrationProfiles.displayName));
  return rows.map((p) => ({ value: p.id, label: p.name }));
}

/** The choices of the subscriptions list's Identifier, Software model and Profile filters. */
export async function listSubscriptionFilterOptions(ctx: ServiceContext, input: { profileId?: string } = {}): Promise<SubscriptionFilterOptions> {
  authorize(ctx.actor, "workspace:view", "see this list");
  const scope = z.object({ profileId: z.uuid().optional() }).parse(input);
  const db = ctx.db;
  const profiles = await db
    .select({ id: integrationProfiles.id, name: integrationProfiles.displayName })
    .from(integrationProfiles)
    .where(scope.profileId ? eq(integrationProfiles.id, scope.profileId) : undefined)
    .orderBy(asc(integrationProfiles.displayName));
  const identifiers = new Set<string>();
  for (const p of profiles) for (const i of await profileIdentifiers(db, p.id)) identifiers.add(i);
  const models = await db
    .select({ id: softwareModels.id, name: softwareModels.displayName })
    .from(softwareModels)
    .orderBy(asc(softwareModels.displayName), asc(softwareModels.id));
  return {
    identifier: [...identifiers].sort().map((i) => ({ value: i, label: i })),
    model: [...models.map((m) => ({ value: m.id, label: m.name })), { value: "none", label: "No software model" }],
    profile: profiles.map((p) => ({ value: p.id, label: p.name })),
  };
}
