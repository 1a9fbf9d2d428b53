import "server-only";
import { sql } from "drizzle-orm";
import { actorLabel, actorUserId, type Actor } from "../../auth/actor";
import type { Db } from "../../db";
import { resultRows } from "../../db/driver";
import { writeAudit } from "../audit/write-audit";

/**
 * Closes every open candidate whose subscription disappeared (deleted, or no longer listed by the
 * vendor): Closed Complete when it was Awaiting Revocation (the seat went, as asked), else Closed
 * Skipped. One statement, its history lines, and one audit row when anything closed.
 */
export async function updateExistingCandidates(db: Db, actor: Actor, now = new Date()): Promise<{ completed: number; skipped: number }> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const rows = resultRows(
      await tx.execute(sql`
        with gone as (
          select c.id, c.state as from_state,
            case when c.state = 'awaiting_revocation' then 'closed_complete' else 'closed_skipped' end as to_state,
            case when s.id is null then 'The subscription no longer exists (its profile was deleted)'
              else format('The vendor no longer lists this subscription (removed %s)', to_char(s.removed_at at time zone 'UTC', 'YYYY-MM-DD')) end as why
          from removal_candidates c
          left join software_subscriptions s on s.id = c.subscription_id
          where c.closed_at is null and (s.id is null or (s.removed_at is not null and s.removal_reason = 'vendor_removed'))
        ),
        upd as (
          update removal_candidates c
          set state = gone.to_state::removal_candidate_state, closed_at = ${at}::timestamptz, close_reason = gone.why, updated_at = now(),
            actual_savings = case when gone.to_state = 'closed_complete' then c.potential_savings else null end
          from gone where c.id = gone.id
          returning c.id, gone.from_state, gone.to_state, gone.why
        ),
        ev as (
          insert into removal_candidate_events (candidate_id, kind, from_state, to_state, actor_user_id, actor_label, text)
          select id, 'state', from_state, to_state::removal_candidate_state, ${actorUserId(actor)}::uuid, ${actorLabel(actor)}, why from upd
          returning to_state
        )
        select to_state::text as to_state, count(*)::int as n from ev group by to_state`),
    );
    const n = (state: string) => Number(rows.find((r) => r.to_state === state)?.n ?? 0);
    const outcome = { completed: n("closed_complete"), skipped: n("closed_skipped") };
    if (outcome.completed + outcome.skipped > 0) {
      await writeAudit(tx, actor, {
        action: "removal_candidates.update_existing",
        entityType: "removal_candidate",
        summary: `Closed ${outcome.completed + outcome.skipped} removal candidates whose subscription disappeared (${outcome.completed} Closed Complete, ${outcome.skipped} Closed Skipped).`,
        after: outcome,
      });
    }
    return outcome;
  });
}
