import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * Entitlements that count today (product.md §6): In use, and today within their dates. An
 * entitlement in Build or On order, retired, not started or ended counts for nothing.
 */
export const inUseToday = (alias: string, today: string): SQL =>
  sql`${sql.raw(alias)}.state = 'in_use' and (${sql.raw(alias)}.start_date is null or ${sql.raw(alias)}.start_date <= ${today}::date)
    and (${sql.raw(alias)}.end_date is null or ${sql.raw(alias)}.end_date >= ${today}::date)`;

/**
 * Per software model, in one statement: rights owned and their unit cost (the lowest price in use),
 * rights used (active, non-excluded, current subscriptions), excluded ones, and the savings of its
 * candidates (open: potential; Closed Complete: actual).
 */
export function modelCountsSql(today: string): SQL {
  return sql`
    with ent as (
      select e.software_model_id, sum(e.purchased_rights)::int as owned, min(e.unit_cost)::text as unit_cost, min(e.currency) as currency,
        min(e.subscription_period) as period
      from entitlements e where ${inUseToday("e", today)} group by e.software_model_id
    ),
    subs as (
      select s.software_model_id,
        count(*) filter (where s.active and not s.excluded)::int as used,
        count(*) filter (where s.excluded)::int as excluded
      from software_subscriptions s
      where s.removed_at is null and s.software_model_id is not null
      group by s.software_model_id
    ),
    cand as (
      select c.software_model_id,
        coalesce(sum(c.potential_savings) filter (where c.closed_at is null), 0)::text as potential,
        coalesce(sum(c.actual_savings) filter (where c.state = 'closed_complete'), 0)::text as actual,
        min(c.currency) as currency
      from removal_candidates c where c.software_model_id is not null group by c.software_model_id
    )
    select m.id as model_id, m.display_name as model_name, coalesce(ent.owned, 0) as owned, ent.unit_cost, ent.period,
      coalesce(ent.currency, cand.currency) as currency, coalesce(subs.used, 0) as used, coalesce(subs.excluded, 0) as excluded,
      coalesce(cand.potential, '0') as potential, coalesce(cand.actual, '0') as actual
    from software_models m
    left join ent on ent.software_model_id = m.id
    left join subs on subs.software_model_id = m.id
    left join cand on cand.software_model_id = m.id
    where ent.software_model_id is not null or subs.software_model_id is not null or cand.software_model_id is not null
    order by m.display_name`;
}
