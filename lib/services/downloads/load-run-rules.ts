import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { subscriptionIdentifierExclusionRules, subscriptionIdentifiers, subscriptionUserExclusionRules } from "../../db/schema";
import { countFrom } from "../subscriptions/reapply-exclusions";
import { buildRunRules, type RunRules } from "./run-rules";

/*
 * The identifier map and the active exclusion rules, read once at the start of a run (they are small:
 * a few identifiers per profile type, one rule per excluded person), and a fingerprint of them read
 * again at the end: if a person changed a rule or a mapping while the run was writing pages with the
 * old ones, the run re-marks what it wrote.
 */

export async function loadRunRules(db: Db, profile: { id: string; profileType: string }): Promise<RunRules> {
  const [typeMap, profileMap, identifierRules, userRules] = await Promise.all([
    db
      .select({ identifier: subscriptionIdentifiers.identifier, softwareModelId: subscriptionIdentifiers.softwareModelId })
      .from(subscriptionIdentifiers)
      .where(and(eq(subscriptionIdentifiers.profileType, profile.profileType), isNull(subscriptionIdentifiers.profileId)))
      .orderBy(asc(subscriptionIdentifiers.createdAt), asc(subscriptionIdentifiers.id)),
    db
      .select({ identifier: subscriptionIdentifiers.identifier, softwareModelId: subscriptionIdentifiers.softwareModelId })
      .from(subscriptionIdentifiers)
      .where(eq(subscriptionIdentifiers.profileId, profile.id))
      .orderBy(asc(subscriptionIdentifiers.createdAt), asc(subscriptionIdentifiers.id)),
    db
      .select({ identifier: subscriptionIdentifierExclusionRules.identifier, id: subscriptionIdentifierExclusionRules.id })
      .from(subscriptionIdentifierExclusionRules)
      .where(and(eq(subscriptionIdentifierExclusionRules.profileType, profile.profileType), eq(subscriptionIdentifierExclusionRules.active, true)))
      .orderBy(asc(subscriptionIdentifierExclusionRules.createdAt), asc(subscriptionIdentifierExclusionRules.id)),
    db
      .select({ userPrincipalName: subscriptionUserExclusionRules.userPrincipalName, id: subscriptionUserExclusionRules.id })
      .from(subscriptionUserExclusionRules)
      .where(eq(subscriptionUserExclusionRules.active, true))
      .orderBy(asc(subscriptionUserExclusionRules.createdAt), asc(subscriptionUserExclusionRules.id)),
  ]);
  return buildRunRules({ typeMap, profileMap, identifierRules, userRules });
}

export type RulesFingerprint = { exclusions: string; mapping: string };

/**
 * The run's rules and their fingerprint, the fingerprint read first: any change made after it shows
 * as a different fingerprint at the end of the run, which then re-marks what it wrote. (Read side by
 * side, the rules could be older than the fingerprint, and such a change would go unnoticed.)
 */
export async function readRunRules(db: Db, profile: { id: string; profileType: string }): Promise<{ rules: RunRules; fingerprint: RulesFingerprint }> {
  const fingerprint = await rulesFingerprint(db, profile);
  const rules = await loadRunRules(db, profile);
  return { rules, fingerprint };
}

/** Changes whenever a rule or map entry that concerns the profile is created, changed or deleted. */
export async function rulesFingerprint(db: Db, profile: { id: string; profileType: string }): Promise<RulesFingerprint> {
  const result = await db.execute(sql`
    select
      (select count(*) || '/' || coalesce(max(updated_at)::text, '') || '/' || coalesce(max(created_at)::text, '')
         from subscription_identifier_exclusion_rules where profile_type = ${profile.profileType})
      || '|' ||
      (select count(*) || '/' || coalesce(max(updated_at)::text, '') || '/' || coalesce(max(created_at)::text, '')
         from subscription_user_exclusion_rules) as exclusions,
      (select count(*) || '/' || coalesce(max(updated_at)::text, '') || '/' || coalesce(max(created_at)::text, '')
         from subscription_identifiers
         where profile_id = ${profile.id}::uuid or (profile_id is null and profile_type = ${profile.profileType})) as mapping`);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  const row = (rows[0] ?? {}) as { exclusions?: string; mapping?: string };
  return { exclusions: String(row.exclusions ?? ""), mapping: String(row.mapping ?? "") };
}

/** Gives every current subscription of the profile the model its identifier maps to now. */
export async function reapplyModels(db: Db, profile: { id: string; profileType: string }): Promise<number> {
  // A correlated lookup in the (small) map rather than a join: one plan whatever the statistics.
  const result = await db.execute(sql`
    with map as (
      select distinct on (lower(btrim(identifier))) lower(btrim(identifier)) as k, software_model_id
      from subscription_identifiers
      where profile_id = ${profile.id}::uuid or (profile_id is null and profile_type = ${profile.profileType})
      order by lower(btrim(identifier)), (profile_id is null), created_at, id
    ),
    changed as (
      update software_subscriptions s
      set software_model_id = (select map.software_model_id from map where map.k = lower(btrim(s.subscription_identifier))),
          download_hash = null, updated_at = now()
      where s.profile_id = ${profile.id}::uuid
        and s.software_model_id is distinct from (select map.software_model_id from map where map.k = lower(btrim(s.subscription_identifier)))
      returning 1
    )
    select count(*)::int as changed from changed`);
  return countFrom(result, "changed");
}
