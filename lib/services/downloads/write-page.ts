import "server-only";
import { downloadHash, epochMs, xor53 } from "../../integrations/download-hash";
import type { DownloadedSubscription, SubscriptionDecision } from "../../integrations/types";
import { ownsRun } from "./attempt-fence";
import type { RawQuery } from "./raw-sql";
import { resolveUserSql } from "../subscriptions/resolve-users";

/*
 * Writing a batch of a download: the pages that came in while the last batch was written, twenty at
 * a time when the vendor answers fast (product.md §4.2, issue 5 item 2). At most three statements:
 *
 * 1. `MATCH_SQL` asks whether the profile's current subscriptions between the batch's smallest and
 *    largest id are exactly the batch: as many, and the same exclusive or of their hashes (which
 *    include the member id; download-hash.ts). If so, nothing changed and nobody is missing: the
 *    batch is done, and the run keeps its id range as seen, in memory (a few bytes per 1,000
 *    members), for the sweep. This is the usual re-sync: a read-only statement of a few bytes and an
 *    aggregate over an index range.
 * 2. Otherwise `COMPARE_SQL` records the batch's member ids for the run (the mark of mark and
 *    sweep: download_seen_members explains why not a stamp on every row) and compares each
 *    member's hash with the stored one. It returns only the members whose row is missing, carries
 *    another hash or was removed: the ones to write.
 * 3. `UPSERT_ROWS_SQL` inserts or updates those members only, with all their values, and resolves
 *    their user in the directory on the way (lib/services/subscriptions/resolve-users.ts); a user
 *    set by a person is kept.
 *
 * The match writes nothing, so that an unchanged batch is not a write transaction. Hashes are
 * compared inside the statement rather than read back into JavaScript, and a hash rather than every
 * column (docs/performance.md, Download, has the figures).
 *
 * Both statements commit without waiting for the WAL flush (`synchronous_commit` off for their own
 * transaction only): an fsync per page is the largest cost of a small write. What a crash can lose is
 * the last fraction of a second of a run that then fails anyway: the next run writes it again, and
 * the sweep never runs after a run that did not finish. PostgreSQL's asynchronous commit never
 * corrupts; it only forgets the latest commits.
 *
 * Rows travel as one JSON parameter (json_to_recordset): the same text on postgres.js and PGlite.
 * Times travel as epoch milliseconds (`to_timestamp` of a number is nearly free; Miro sends seconds).
 */

/**
 * Whether the current rows with ids from `$2` to `$3` (the batch's smallest and largest, compared
 * as the column compares them) are `$4` rows whose hashes' exclusive or is `$5`. A batch whose ids
 * JavaScript orders otherwise than the column simply does not match, and goes through the comparison.
 * "Current" is an aggregate filter, not in the WHERE clause: there, it makes the generic plan of the
 * prepared statement pick a partial index (removed_at is null) and read the whole profile.
 */
export const MATCH_SQL = `
select (count(*) filter (where removed_at is null) = $4::int
    and coalesce(bit_xor(download_hash) filter (where removed_at is null), 0) = $5::bigint) as matched
from software_subscriptions
where profile_id = $1::uuid and external_user_id >= $2::text and external_user_id <= $3::text`;

/**
 * The batch as rows (e, h): `$4` the ids as a JSON array, `$5` the hashes joined by commas, paired
 * by position. Only batches that did not match as a whole come here (new and changed members).
 */
const BATCH = `select i.e, h.h
  from json_array_elements_text($4::json) with ordinality as i(e, n)
  join unnest(string_to_array($5::text, ',')::bigint[]) with ordinality as h(h, n) using (n)`;

/**
 * The mark of the batch, and the members to write. Returns each member to write with whether its
 * row was removed (it is coming back). The stored rows are read by one range scan of the natural key
 * between the batch's smallest and largest id (in the column's own order, whatever the collation):
 * Miro lists members by id, so the range holds the batch's members and at most a few removed ones,
 * and it always holds every member of the batch, whatever the order; cheaper than looking up each
 * member by the index.
 */
export const COMPARE_SQL = `
with batch as (${BATCH}),
seen as (
  insert into download_seen_members (job_result_id, attempt, page, external_user_ids)
  select $2::uuid, $6::uuid, $3::int, array(select e from batch)
  from (select set_config('synchronous_commit', 'off', true)) as async_commit
)
select b.e, s.removed_at is not null as removed
from batch b
left join (
  select external_user_id, download_hash, removed_at
  from software_subscriptions
  where profile_id = $1::uuid
    and external_user_id >= (select min(e) from batch)
    and external_user_id <= (select max(e) from batch)
) s on s.external_user_id = b.e
where s.download_hash is distinct from b.h or s.removed_at is not null`;


export const UPSERT_ROWS_SQL = `
with input as (
  select e, u, i, m, to_timestamp(la / 1000.0) as la, to_timestamp(aa / 1000.0) as aa, a, r, x, ir, ur,
    coalesce(v, '{}'::jsonb) as v, h
  from json_to_recordset($2::json) as t(
    e text, u text, i text, m uuid, la float8, aa float8, a boolean, r text,
    x boolean, ir uuid, ur uuid, v jsonb, h bigint)
),
up as (
  insert into software_subscriptions as s (
    profile_id, external_user_id, user_principal_name, subscription_identifier, software_model_id,
    last_activity_at, subscription_assigned_at, active, role, excluded, identifier_exclusion_rule_id,
    user_exclusion_rule_id, vendor_attributes, download_hash, last_seen_run_id, directory_user_id)
  select $1::uuid, e, u, i, m, la, aa, a, r, x, ir, ur, v, h, $3::uuid, ${resolveUserSql("u")} from input
  where ${ownsRun("$3", "$4")}
  on conflict (profile_id, external_user_id) do update set
    user_principal_name = excluded.user_principal_name,
    subscription_identifier = excluded.subscription_identifier,
    software_model_id = excluded.software_model_id,
    last_activity_at = excluded.last_activity_at,
    subscription_assigned_at = excluded.subscription_assigned_at,
    active = excluded.active,
    role = excluded.role,
    excluded = excluded.excluded,
    identifier_exclusion_rule_id = excluded.identifier_exclusion_rule_id,
    user_exclusion_rule_id = excluded.user_exclusion_rule_id,
    vendor_attributes = excluded.vendor_attributes,
    download_hash = excluded.download_hash,
    last_seen_run_id = excluded.last_seen_run_id,
    removed_at = null,
    removal_reason = null,
    directory_user_id = case when s.user_set_manually then s.directory_user_id else excluded.directory_user_id end,
    -- A row whose hash was only cleared (another writer touched it) and whose values are the same
    -- gets its hash back and keeps its time: it did not change.
    updated_at = case
      when (s.user_principal_name, s.subscription_identifier, s.software_model_id, s.last_activity_at,
            s.subscription_assigned_at, s.active, s.role, s.excluded, s.identifier_exclusion_rule_id,
            s.user_exclusion_rule_id, s.vendor_attributes, s.removed_at)
           is distinct from
           (excluded.user_principal_name, excluded.subscription_identifier, excluded.software_model_id,
            excluded.last_activity_at, excluded.subscription_assigned_at, excluded.active, excluded.role,
            excluded.excluded, excluded.identifier_exclusion_rule_id, excluded.user_exclusion_rule_id,
            excluded.vendor_attributes, null::timestamptz)
      then now() else s.updated_at end
  returning (xmax = 0) as inserted, s.updated_at = now() as changed, s.directory_user_id is not null as with_user
)
select
  (select count(*) from up where inserted)::int as created,
  (select count(*) from up where not inserted and changed)::int as updated,
  (select count(*) from up where inserted and with_user)::int as resolved,
  set_config('synchronous_commit', 'off', true) as async_commit`;

/** A member as the run writes it; `hash` is its download hash, when already worked out. */
export type PageRow = DownloadedSubscription & SubscriptionDecision & { hash?: number };

/** A batch that matched as a whole: every current subscription with an id from `low` to `high` was seen. */
export type SeenRange = { low: string; high: string };

export type PageWriteResult = {
  created: number;
  /** Existing rows whose values changed (revived ones included). */
  updated: number;
  unchanged: number;
  /** Rows that were marked removed and are current again. */
  revived: number;
  /** Distinct members of the page (a member listed twice counts once). */
  members: number;
  /** New subscriptions that found their user in the directory. */
  resolved: number;
  /** Set when the batch matched as a whole (nothing written): the run keeps it for the sweep. */
  seenRange?: SeenRange;
};

/**
 * A batch as the download hands it over: each member's id and download hash, in the order read, and
 * its rows, built only when the batch is written: most batches of a re-sync match as a whole, and
 * building 100,000 rows (two objects per member) that nobody reads cost the run its minor collections.
 * `rows()` returns the rows in the order of `ids`.
 */
export type PageBatch = { ids: readonly string[]; hashes: readonly number[]; rows: () => PageRow[] };

/** A batch of rows already built. */
export function batchOfRows(rows: readonly PageRow[]): PageBatch {
  return { ids: rows.map((r) => r.externalUserId), hashes: rows.map((r) => r.hash ?? downloadHash(r)), rows: () => [...rows] };
}

/** The page row of a member and what the run decided for it, with its hash (no spread: the hot loop). */
export function pageRow(v: DownloadedSubscription, d: SubscriptionDecision, hash?: number): PageRow {
  const row: PageRow = {
    externalUserId: v.externalUserId,
    userPrincipalName: v.userPrincipalName,
    subscriptionIdentifier: v.subscriptionIdentifier,
    lastActivityAt: v.lastActivityAt,
    subscriptionAssignedAt: v.subscriptionAssignedAt,
    active: v.active,
    role: v.role,
    vendorAttributes: v.vendorAttributes,
    softwareModelId: d.softwareModelId,
    excluded: d.excluded,
    identifierExclusionRuleId: d.identifierExclusionRuleId,
    userExclusionRuleId: d.userExclusionRuleId,
    hash: hash ?? 0,
  };
  if (hash === undefined) row.hash = downloadHash(row);
  return row;
}

/** The JSON `UPSERT_ROWS_SQL` reads; short keys keep 100 members around 25 kB. */
export function pagePayload(rows: readonly PageRow[]): string {
  return JSON.stringify(
    rows.map((r) => ({
      e: r.externalUserId,
      u: r.userPrincipalName,
      i: r.subscriptionIdentifier,
      m: r.softwareModelId,
      la: epochMs(r.lastActivityAt),
      aa: epochMs(r.subscriptionAssignedAt),
      a: r.active,
      r: r.role,
      x: r.excluded,
      ir: r.identifierExclusionRuleId,
      ur: r.userExclusionRuleId,
      v: Object.keys(r.vendorAttributes).length > 0 ? r.vendorAttributes : null,
      h: r.hash ?? downloadHash(r),
    })),
  );
}

/**
 * One member per id: an id listed twice in a page (a vendor paging over a changing list) would make
 * the upsert touch a row twice, which PostgreSQL refuses. The last occurrence wins.
 */
export function uniqueByExternalId<T extends { externalUserId: string }>(rows: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    byId.delete(row.externalUserId);
    byId.set(row.externalUserId, row);
  }
  return byId.size === rows.length ? [...rows] : [...byId.values()];
}

/** Whether ids are in strictly increasing text order (then none repeats). */
function strictlyIncreasing(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return false;
  return true;
}

/**
 * Rows per upsert statement. Its JSON stays under 100 kB: a larger string goes to V8's large-object
 * space, which only a full collection frees, and a run of 100 such batches grew the process by tens of
 * megabytes more than one of 10.
 */
const UPSERT_CHUNK = 250;

export async function writePage(
  query: RawQuery,
  input: { profileId: string; jobResultId: string; attempt: string; page: number; batch: PageBatch },
): Promise<PageWriteResult> {
  let { ids, hashes } = input.batch;
  let rows: PageRow[] | undefined;
  // Ids out of order may repeat (a vendor paging over a changing list): the rows are then built and
  // made unique first. Miro's come in order, and the batch is compared without building them.
  if (!strictlyIncreasing(ids)) {
    rows = uniqueByExternalId(input.batch.rows());
    ids = rows.map((r) => r.externalUserId);
    hashes = rows.map((r) => r.hash ?? downloadHash(r));
  }
  const count = ids.length;
  const result: PageWriteResult = { created: 0, updated: 0, unchanged: count, revived: 0, members: count, resolved: 0 };
  let low = ids[0]!;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const [match] = await query(MATCH_SQL, [input.profileId, low, high, count, xor53(hashes)]);
  if (match?.matched === true) return { ...result, seenRange: { low, high } };

  // The batch's mark and its rows commit together, once: a batch cut off midway leaves neither, and
  // its 250-row chunks do not each commit on their own.
  await query.transaction(async (tx) => {
    const toWrite = await tx(COMPARE_SQL, [input.profileId, input.jobResultId, input.page, JSON.stringify(ids), hashes.join(","), input.attempt]);
    if (toWrite.length === 0) return;

    rows ??= input.batch.rows();
    const removed = new Map<string, boolean>();
    for (const w of toWrite) removed.set(String(w.e), w.removed === true);
    const stale: PageRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const wasRemoved = removed.get(r.externalUserId);
      if (wasRemoved === undefined) continue;
      if (wasRemoved) result.revived += 1;
      stale.push(r.hash === undefined ? { ...r, hash: hashes[i]! } : r);
    }
    for (let i = 0; i < stale.length; i += UPSERT_CHUNK) {
      const [counts] = await tx(UPSERT_ROWS_SQL, [input.profileId, pagePayload(stale.slice(i, i + UPSERT_CHUNK)), input.jobResultId, input.attempt]);
      result.created += Number(counts?.created ?? 0);
      result.updated += Number(counts?.updated ?? 0);
      result.resolved += Number(counts?.resolved ?? 0);
    }
  });
  result.unchanged = count - result.created - result.updated;
  return result;
}
