import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { vendorDisplayNames } from "../../integrations/registry";
import { OPEN_REMOVAL_CANDIDATE_STATES } from "../../db/schema/removal-candidates";

/*
 * Who the reclamation rules make a candidate of, as one SELECT: Preview lists it, generation inserts
 * it (`insert … select`), so the two can never disagree. Set-based: one statement for every
 * subscription of every rule in scope, never a loop per subscription.
 */

export type EligibleScope = {
  now: Date;
  /** Only this profile's subscriptions (after its download). */
  profileId?: string;
  /** When the data was read, for a run that has not closed yet (the download's own step); else its last completed run's end. */
  readAt?: Date;
  /** Only this rule (after it was saved, or its Preview). */
  ruleId?: string;
  /**
   * Preview of a rule's unsaved form: these values instead of the stored ones, and the rule counts
   * even when inactive or with Create reclamation candidate cleared (a dry run creates nothing).
   */
  preview?: { thresholdDays: number; gracePeriodDays: number };
};

const openStates = sql.raw(OPEN_REMOVAL_CANDIDATE_STATES.map((s) => `'${s}'`).join(", "));

/** The vendor's name per vendor id, for the reason in words ("No activity in Miro for …"). */
export function vendorNames(): SQL {
  const rows = vendorDisplayNames().map((v) => sql`(${v.id}, ${v.displayName})`);
  return sql`(values ${sql.join(rows, sql`, `)}) as vn(vendor_id, name)`;
}

function rulesInScope(scope: EligibleScope): SQL {
  const byId = scope.ruleId ? sql`and r.id = ${scope.ruleId}::uuid` : sql``;
  if (scope.preview) {
    return sql`select r.id, r.name, r.software_model_id, r.assignment_group, r.notify_user,
        ${scope.preview.thresholdDays}::int as threshold, ${scope.preview.gracePeriodDays}::int as grace
      from reclamation_rules r where r.software_model_id is not null ${byId}`;
  }
  return sql`select r.id, r.name, r.software_model_id, r.assignment_group, r.notify_user,
      r.last_activity_threshold_days as threshold, r.grace_period_days as grace
    from reclamation_rules r
    where r.active and r.create_candidates and r.software_model_id is not null ${byId}`;
}

/**
 * The columns of `removal_candidates` a new candidate gets, one row per subscription that should
 * become one now: active, not excluded, not removed, of a model whose rule is in scope, inactive (last
 * activity, or if never active its assignment) for longer than the threshold, assigned before the
 * grace period, without an open candidate, and not skipped or restored within the threshold. Potential savings are a year of the model's In use
 * entitlement (the latest started), null without one.
 */
export function eligibleCandidatesSql(scope: EligibleScope): SQL {
  const now = scope.now.toISOString();
  const today = now.slice(0, 10);
  // greatest() ignores a null: the run's own end when given, else the last completed run's.
  const readAt = scope.readAt?.toISOString() ?? null;
  const byProfile = scope.profileId ? sql`and s.profile_id = ${scope.profileId}::uuid` : sql``;
  return sql`
    with rules as (${rulesInScope(scope)}),
    costs as (
      select distinct on (e.software_model_id) e.software_model_id, e.unit_cost, e.currency, e.subscription_period
      from entitlements e
      where e.state = 'in_use' and (e.start_date is null or e.start_date <= ${today}::date)
        and (e.end_date is null or e.end_date >= ${today}::date)
        and e.software_model_id in (select software_model_id from rules)
      order by e.software_model_id, e.start_date desc nulls last, e.created_at desc
    ),
    reads as (
      select jr.profile_id, max(jr.ended_at) as read_at
      from job_results jr join scheduled_jobs j on j.id = jr.job_id
      where j.kind = 'download_subscriptions' and jr.state in ('completed', 'completed_with_warnings')
      group by jr.profile_id
    ),
    picked as (
      select s.id as subscription_id, r.id as rule_id, s.profile_id, s.software_model_id, s.directory_user_id,
        s.user_principal_name, r.assignment_group, r.notify_user, r.name as rule_name, r.threshold, r.grace,
        s.last_activity_at, s.subscription_assigned_at, s.subscription_identifier, p.vendor_id,
        floor(extract(epoch from (${now}::timestamptz - coalesce(s.last_activity_at, s.subscription_assigned_at))) / 86400)::int as inactive_days
      from rules r
      join software_subscriptions s on s.software_model_id = r.software_model_id
      join integration_profiles p on p.id = s.profile_id
      where s.removed_at is null and s.active and not s.excluded ${byProfile}
        and coalesce(s.last_activity_at, s.subscription_assigned_at) < ${now}::timestamptz - make_interval(days => r.threshold)
        and (s.subscription_assigned_at is null or s.subscription_assigned_at < ${now}::timestamptz - make_interval(days => r.grace))
        and not exists (
          select 1 from removal_candidates c where c.subscription_id = s.id and c.state in (${openStates})
        )
        -- A person let keep the seat (Close Skipped) or given it back (Restore) is not asked again
        -- before another full threshold has passed.
        and not exists (
          select 1 from removal_candidates c where c.subscription_id = s.id
            and ((c.state = 'closed_skipped' and c.closed_at > ${now}::timestamptz - make_interval(days => r.threshold))
              or c.restored_at > ${now}::timestamptz - make_interval(days => r.threshold))
        )
    )
    select k.subscription_id, k.rule_id, k.profile_id, k.software_model_id, k.directory_user_id, k.user_principal_name,
      k.assignment_group, k.notify_user, k.inactive_days,
      case when c.unit_cost is null then null
        else c.unit_cost * case c.subscription_period when 'monthly' then 12 when 'quarterly' then 4 else 1 end end as potential_savings,
      c.currency,
      case when k.last_activity_at is not null then
        format('No activity in %s for %s days (last active %s, read %s); rule threshold %s days',
          coalesce(vn.name, k.vendor_id), k.inactive_days, to_char(k.last_activity_at at time zone 'UTC', 'YYYY-MM-DD'),
          coalesce(to_char(greatest(rd.read_at, ${readAt}::timestamptz) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC', 'not yet downloaded'), k.threshold)
      else
        format('Never active in %s since the license was assigned %s days ago (assigned %s, read %s); rule threshold %s days',
          coalesce(vn.name, k.vendor_id), k.inactive_days, to_char(k.subscription_assigned_at at time zone 'UTC', 'YYYY-MM-DD'),
          coalesce(to_char(greatest(rd.read_at, ${readAt}::timestamptz) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC', 'not yet downloaded'), k.threshold)
      end as reason,
      jsonb_build_object(
        'lastActivityAt', k.last_activity_at, 'subscriptionAssignedAt', k.subscription_assigned_at,
        'subscriptionIdentifier', k.subscription_identifier, 'readAt', greatest(rd.read_at, ${readAt}::timestamptz),
        'thresholdDays', k.threshold, 'gracePeriodDays', k.grace, 'ruleName', k.rule_name,
        'unitCost', c.unit_cost::text, 'subscriptionPeriod', c.subscription_period
      ) as evidence
    from picked k
    left join costs c on c.software_model_id = k.software_model_id
    left join reads rd on rd.profile_id = k.profile_id
    left join ${vendorNames()} on vn.vendor_id = k.vendor_id`;
}
