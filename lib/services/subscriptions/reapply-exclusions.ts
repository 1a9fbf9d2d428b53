import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db";

/*
 * Re-marks existing subscriptions from the exclusion rules that are active now (product.md §4.5):
 * after a Subscription Identifier or User Exclusion Rule is created, deactivated or deleted, and at
 * the end of a download whose rules changed while it ran. One UPDATE, which writes only the rows
 * whose flag or rule reference changes.
 *
 * Matching is the download's (lib/services/downloads/run-rules.ts): identifier rules of the
 * subscription's profile type and user rules by user principal name, both case-insensitive and
 * ignoring surrounding blanks; where two rules match, the oldest. Removed subscriptions are re-marked
 * too, so a revived member comes back with the right flag. A re-marked row loses its download hash,
 * so the next download compares it in full (lib/integrations/download-hash.ts).
 */

export type ExclusionScope = { profileId?: string; profileType?: string };

export async function reapplyExclusions(db: DbOrTx, scope: ExclusionScope = {}): Promise<{ changed: number }> {
  const conditions = [sql`true`];
  if (scope.profileId) conditions.push(sql`s.profile_id = ${scope.profileId}::uuid`);
  if (scope.profileType) conditions.push(sql`p.profile_type = ${scope.profileType}`);
  const where = sql.join(conditions, sql` and `);
  const result = await db.execute(sql`
    with identifier_rules as (
      select distinct on (profile_type, lower(btrim(identifier))) profile_type, lower(btrim(identifier)) as k, id
      from subscription_identifier_exclusion_rules
      where active
      order by profile_type, lower(btrim(identifier)), created_at, id
    ),
    user_rules as (
      select distinct on (lower(btrim(user_principal_name))) lower(btrim(user_principal_name)) as k, id
      from subscription_user_exclusion_rules
      where active
      order by lower(btrim(user_principal_name)), created_at, id
    ),
    wanted as (
      select s.id, ir.id as identifier_rule, ur.id as user_rule
      from software_subscriptions s
      join integration_profiles p on p.id = s.profile_id
      left join identifier_rules ir on ir.profile_type = p.profile_type and ir.k = lower(btrim(s.subscription_identifier))
      left join user_rules ur on ur.k = lower(btrim(s.user_principal_name))
      where ${where}
        and (s.excluded, s.identifier_exclusion_rule_id, s.user_exclusion_rule_id)
            is distinct from (ir.id is not null or ur.id is not null, ir.id, ur.id)
    ),
    changed as (
      update software_subscriptions s
      set excluded = (w.identifier_rule is not null or w.user_rule is not null),
          identifier_exclusion_rule_id = w.identifier_rule,
          user_exclusion_rule_id = w.user_rule,
          download_hash = null,
          updated_at = now()
      from wanted w
      where s.id = w.id
      returning 1
    )
    select count(*)::int as changed from changed`);
  return { changed: countFrom(result, "changed") };
}

/** The first row's integer column of a `db.execute` result on either driver. */
export function countFrom(result: unknown, column: string): number {
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  const value = (rows[0] as Record<string, unknown> | undefined)?.[column];
  return Number(value ?? 0);
}
