import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { countFrom } from "./reapply-exclusions";

/*
 * User resolution (product.md §1, §4.6): a subscription's user principal name is looked up in the
 * user directory by email, then by user name, both case-insensitively. A user a person chose
 * (`user_set_manually`) is never overwritten. A subscription whose match disappeared (the directory
 * entry's email changed) goes back to "without user". Among several directory entries with the same
 * email, an active one wins, then the oldest.
 *
 * The download resolves the rows it writes in the same statement (`resolveUserSql`), and calls
 * `resolveUsers` for the whole profile only when the directory changed since its last run.
 */

/** The directory user of a user principal name (a SQL expression over `upn`), or null. */
export function resolveUserSql(upn: string): string {
  return `coalesce(
    (select d.id from directory_users d where lower(d.email) = lower(${upn}) order by d.active desc, d.created_at, d.id limit 1),
    (select d.id from directory_users d where lower(d.user_name) = lower(${upn}) order by d.active desc, d.created_at, d.id limit 1))`;
}

/**
 * Resolves every current subscription of the profile whose user was not set by a person. One UPDATE
 * that writes only rows whose user changes, with one index lookup per subscription
 * (directory_users_email_lower_idx, then directory_users_user_name_lower_idx). Returns how many got a
 * user.
 */
export async function resolveUsers(db: DbOrTx, profileId: string): Promise<{ resolved: number }> {
  const result = await db.execute(sql`
    with wanted as (
      select s.id, ${sql.raw(resolveUserSql("s.user_principal_name"))} as user_id
      from software_subscriptions s
      where s.profile_id = ${profileId}::uuid and s.removed_at is null and not s.user_set_manually
    ),
    changed as (
      update software_subscriptions s
      set directory_user_id = w.user_id, updated_at = now()
      from wanted w
      where s.id = w.id and s.directory_user_id is distinct from w.user_id
      returning w.user_id
    )
    select count(*) filter (where user_id is not null)::int as resolved from changed`);
  return { resolved: countFrom(result, "resolved") };
}

/**
 * Changes whenever a directory entry that resolution reads is created, changed or deleted. One pass
 * over the directory (about 30 ms per 100,000 entries), cheaper than resolving 100,000 subscriptions
 * again for nothing.
 */
export async function directoryFingerprint(db: DbOrTx): Promise<string> {
  const result = await db.execute(sql`
    select count(*)::text || ':' || coalesce(sum(hashtext(
      id::text || '|' || coalesce(lower(email), '') || '|' || coalesce(lower(user_name), '') || '|' || active::text || '|' || created_at::text
    )::bigint), 0)::text as fingerprint
    from directory_users`);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  return String((rows[0] as { fingerprint?: unknown } | undefined)?.fingerprint ?? "");
}
