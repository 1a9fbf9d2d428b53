import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { vendorNames } from "./eligible";

/*
 * Open candidates that no longer hold close themselves, with the reason in words. Awaiting Revocation
 * is left alone: its reclaim is in flight and ends it (or the weekly update does).
 */
const WAITING = sql.raw(`'attention_required', 'ready', 'awaiting_user', 'awaiting_approval'`);

export function closeStaleCandidatesSql(
  scope: { now: Date; profileId?: string; ruleId?: string },
  who: { id: string | null; label: string },
): SQL {
  const now = scope.now.toISOString();
  const byProfile = scope.profileId ? sql`and c.profile_id = ${scope.profileId}::uuid` : sql``;
  const byRule = scope.ruleId ? sql`and c.rule_id = ${scope.ruleId}::uuid` : sql``;
  return sql`
    with looked as (
      select c.id, c.state as from_state, s.id as sid, s.removed_at, s.excluded, s.active, s.last_activity_at,
        coalesce(s.last_activity_at, s.subscription_assigned_at) as basis,
        (c.evidence->>'lastActivityAt')::timestamptz as seen_activity,
        coalesce(r.last_activity_threshold_days, (c.evidence->>'thresholdDays')::int, 60) as threshold,
        coalesce(vn.name, p.vendor_id, 'the vendor') as vendor
      from removal_candidates c
      left join software_subscriptions s on s.id = c.subscription_id
      left join reclamation_rules r on r.id = c.rule_id
      left join integration_profiles p on p.id = c.profile_id
      left join ${vendorNames()} on vn.vendor_id = p.vendor_id
      where c.state in (${WAITING}) ${byProfile} ${byRule}
    ),
    stale as (
      select id, from_state,
        case when sid is null or removed_at is not null or excluded or not active then 'closed_skipped' else 'closed_canceled' end as to_state,
        case
          when sid is null or removed_at is not null then format('%s no longer lists this subscription', vendor)
          when excluded then 'Excluded by a subscription exclusion rule since the candidate was made'
          when not active then format('Deactivated in %s outside OpenSAM', vendor)
          when last_activity_at is not null and last_activity_at > coalesce(seen_activity, '-infinity'::timestamptz)
            then format('Activity detected on %s', to_char(last_activity_at at time zone 'UTC', 'YYYY-MM-DD'))
          else format('No longer inactive for longer than the rule''s threshold of %s days', threshold)
        end as why
      from looked
      where sid is null or removed_at is not null or excluded or not active
        or basis >= ${now}::timestamptz - make_interval(days => threshold)
    ),
    upd as (
      update removal_candidates c
      set state = stale.to_state::removal_candidate_state, closed_at = ${now}::timestamptz, close_reason = stale.why, updated_at = now()
      from stale where c.id = stale.id
      returning c.id, stale.from_state, stale.to_state, stale.why
    ),
    ev as (
      insert into removal_candidate_events (candidate_id, at, kind, from_state, to_state, actor_user_id, actor_label, text)
      select id, ${now}::timestamptz, 'state', from_state, to_state::removal_candidate_state, ${who.id}::uuid, ${who.label}, why from upd
      returning to_state
    )
    select to_state::text as to_state, count(*)::int as n from ev group by to_state`;
}
