import "server-only";
import { sql } from "drizzle-orm";
import { authorize } from "../../auth/actor";
import { resultRows } from "../../db/driver";
import type { ServiceContext } from "../context";
import { inUseToday } from "../reconciliation/model-counts-sql";
import { daysUntil, droppableSeats, noticeDeadline } from "./renewal-arithmetic";

/** How far ahead the Overview looks for renewals. */
export const RENEWAL_WINDOW_DAYS = 120;

export type Renewal = {
  entitlementId: string;
  name: string;
  modelId: string;
  model: string;
  endDate: string;
  noticeDeadline: string;
  /** Days left to give notice; negative when the deadline has passed. */
  noticeDaysLeft: number;
  rights: number;
  inUse: number;
  openCandidates: number;
  droppable: number;
};

/**
 * Entitlements in use that end within the next 120 days, soonest first, with their notice deadline
 * and the seats that could be dropped by then. One statement.
 */
export async function upcomingRenewals(ctx: ServiceContext, now = new Date()): Promise<Renewal[]> {
  authorize(ctx.actor, "workspace:view", "see renewals");
  const today = now.toISOString().slice(0, 10);
  const rows = resultRows(
    await ctx.db.execute(sql`
      select e.id, coalesce(e.display_name, m.display_name) as name, m.id as model_id, m.display_name as model,
        e.end_date::text as end_date, e.notice_period_days, e.purchased_rights,
        (select coalesce(sum(e2.purchased_rights), 0)::int from entitlements e2 where e2.software_model_id = e.software_model_id and ${inUseToday("e2", today)}) as model_rights,
        (select count(*)::int from software_subscriptions s where s.software_model_id = e.software_model_id and s.removed_at is null and s.active and not s.excluded) as in_use,
        (select count(*)::int from removal_candidates c where c.software_model_id = e.software_model_id and c.closed_at is null) as open_candidates
      from entitlements e join software_models m on m.id = e.software_model_id
      where ${inUseToday("e", today)} and e.end_date is not null and e.end_date <= ${today}::date + ${RENEWAL_WINDOW_DAYS}::int
      order by e.end_date, name, e.id`),
  );
  return rows.map((r) => {
    const counts = {
      rights: Number(r.purchased_rights),
      modelRights: Number(r.model_rights),
      inUse: Number(r.in_use),
      openCandidates: Number(r.open_candidates),
    };
    const deadline = noticeDeadline(String(r.end_date), r.notice_period_days === null ? null : Number(r.notice_period_days));
    return {
      entitlementId: String(r.id),
      name: String(r.name),
      modelId: String(r.model_id),
      model: String(r.model),
      endDate: String(r.end_date),
      noticeDeadline: deadline,
      noticeDaysLeft: daysUntil(deadline, today),
      rights: counts.rights,
      inUse: counts.inUse,
      openCandidates: counts.openCandidates,
      droppable: droppableSeats(counts),
    };
  });
}
