import "server-only";
import { ownsRun, SupersededError, type RunAttempt } from "./attempt-fence";
import type { RawQuery } from "./raw-sql";

export type { RunAttempt } from "./attempt-fence";
import type { SeenRange } from "./write-page";

/*
 * The end of a complete run: the sweep, the Unrecognized Subscription Identifiers, and the clean-up of
 * the run's marks. Only a complete, successful run gets here (product.md §4.7).
 */

/**
 * The profile's current subscriptions that the run did not see: neither among the ids of a batch
 * (download_seen_members) nor inside the range of a batch that matched as a whole (write-page.ts; the
 * ranges come from the run, as JSON in `$3`). Computed once as a set difference (EXCEPT: a hashed or
 * sorted set operation, whatever the statistics say); written as a join instead, a table without
 * statistics yet gets a nested loop that compares every row with every other one. The ranges are read
 * through LATERAL, one index range scan per range, for the same reason.
 */
export const UNSEEN_SQL = `
select coalesce(array_agg(external_user_id), '{}') as ids from (
  select external_user_id from software_subscriptions where profile_id = $1::uuid and removed_at is null
  except
  select unnest(external_user_ids) from download_seen_members where job_result_id = $2::uuid and attempt = $4::uuid
  except
  select r.external_user_id
  from json_to_recordset($3::json) as m(low text, high text)
  cross join lateral (
    -- No "removed_at is null" here: it would make the planner take a partial index and read the
    -- whole profile per range; removed rows are not in the set this subtracts from anyway.
    select external_user_id from software_subscriptions
    where profile_id = $1::uuid and external_user_id >= m.low and external_user_id <= m.high
  ) r
) unseen`;

/** Marks removed, as the vendor no longer lists them, the profile's current subscriptions of these ids. */
export const MARK_REMOVED_SQL = `
with swept as (
  update software_subscriptions
  set removed_at = now(), removal_reason = 'vendor_removed', updated_at = now()
  where profile_id = $1::uuid and removed_at is null and external_user_id = any ($2::text[]) and ${ownsRun("$3", "$4")}
  returning 1
)
select count(*)::int as removed, ${ownsRun("$3", "$4")} as owned from swept`;

export async function unseenIds(query: RawQuery, profileId: string, run: RunAttempt, seenRanges: readonly SeenRange[]): Promise<string[]> {
  const [row] = await query(UNSEEN_SQL, [profileId, run.jobResultId, JSON.stringify(seenRanges), run.attempt]);
  return ((row?.ids as string[] | null) ?? []).map(String);
}

/** The sweep's write; throws `SupersededError` when another attempt owns the run now. */
export async function markRemoved(query: RawQuery, profileId: string, externalUserIds: readonly string[], run: RunAttempt): Promise<number> {
  const [row] = await query(MARK_REMOVED_SQL, [profileId, externalUserIds, run.jobResultId, run.attempt]);
  if (row?.owned !== true) throw new SupersededError();
  return Number(row?.removed ?? 0);
}

/** Holds back what the guard would not sweep (removal-guard.ts), if the attempt still owns the run. */
export async function holdRemovals(query: RawQuery, externalUserIds: readonly string[], run: RunAttempt): Promise<void> {
  const [row] = await query(
    `with held as (
       insert into download_pending_removals (job_result_id, external_user_ids)
       select $1::uuid, $3::text[] where ${ownsRun("$1", "$2")}
       on conflict (job_result_id) do update set external_user_ids = excluded.external_user_ids
       returning 1
     )
     select count(*)::int as held from held`,
    [run.jobResultId, run.attempt, externalUserIds],
  );
  if (Number(row?.held ?? 0) !== 1) throw new SupersededError();
}

/**
 * Deletes the marks of this attempt, and those of the profile's earlier runs that died without
 * cleaning up. Never another attempt's of this run: that one may be alive and about to sweep.
 */
export async function clearSeenMembers(query: RawQuery, profileId: string, run: RunAttempt): Promise<void> {
  await query(
    `delete from download_seen_members
     where (job_result_id = $2::uuid and attempt = $3::uuid)
        or job_result_id in (select id from job_results where profile_id = $1::uuid and id <> $2::uuid)`,
    [profileId, run.jobResultId, run.attempt],
  );
}

/**
 * Records the identifiers without a software model and how many subscriptions carry each. One that
 * was resolved comes back open (its mapping was removed since); open ones no longer met drop to 0.
 */
export async function recordUnrecognized(query: RawQuery, profileId: string, counts: ReadonlyMap<string, number>): Promise<void> {
  const payload = JSON.stringify([...counts].map(([i, c]) => ({ i, c })));
  await query(
    `with counts as (select * from json_to_recordset($2::json) as t(i text, c int)),
     upserted as (
       insert into unrecognized_subscription_identifiers as u (profile_id, identifier, subscription_count, first_seen_at, last_seen_at)
       select $1::uuid, i, c, now(), now() from counts
       on conflict (profile_id, identifier) do update set
         subscription_count = excluded.subscription_count, last_seen_at = now(),
         resolved_at = null, resolved_by = null, resolved_model_id = null, updated_at = now()
       returning 1
     )
     update unrecognized_subscription_identifiers u
     set subscription_count = 0, updated_at = now()
     where u.profile_id = $1::uuid and u.resolved_at is null and u.subscription_count <> 0
       and u.identifier not in (select i from counts)`,
    [profileId, payload],
  );
}

/** The profile's current subscriptions without a model, per identifier (after a mid-run remap). */
export async function countUnrecognized(query: RawQuery, profileId: string): Promise<Map<string, number>> {
  const rows = await query(
    `select subscription_identifier as i, count(*)::int as c from software_subscriptions
     where profile_id = $1::uuid and removed_at is null and software_model_id is null group by 1`,
    [profileId],
  );
  return new Map(rows.map((r) => [String(r.i), Number(r.c)]));
}

export async function countExcluded(query: RawQuery, profileId: string): Promise<number> {
  const [row] = await query(
    `select count(*)::int as n from software_subscriptions where profile_id = $1::uuid and removed_at is null and excluded`,
    [profileId],
  );
  return Number(row?.n ?? 0);
}

export async function countCurrent(query: RawQuery, profileId: string): Promise<number> {
  const [row] = await query(`select count(*)::int as n from software_subscriptions where profile_id = $1::uuid and removed_at is null`, [profileId]);
  return Number(row?.n ?? 0);
}
