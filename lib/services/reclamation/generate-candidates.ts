import "server-only";
import { sql } from "drizzle-orm";
import { actorLabel, actorUserId, type Actor } from "../../auth/actor";
import type { Db, DbOrTx } from "../../db";
import { lockForTransaction } from "../../db/advisory-lock";
import { resultRows } from "../../db/driver";
import { writeAudit } from "../audit/write-audit";
import { closeStaleCandidatesSql } from "./close-stale";
import { eligibleCandidatesSql, type EligibleScope } from "./eligible";

export type GenerationOutcome = { created: number; canceled: number; skipped: number };

/**
 * Evaluates the reclamation rules (product.md §5): closes open candidates that no longer hold
 * (activity detected → Closed Canceled; excluded, deactivated or gone → Closed Skipped), then makes a
 * candidate of every subscription the rules select now. Two set-based statements in one transaction,
 * each writing its candidates' history lines; one audit row when anything changed. A run with nothing
 * changed writes nothing.
 */
export async function generateCandidates(db: Db | DbOrTx, actor: Actor, scope: Omit<EligibleScope, "preview" | "now"> & { now?: Date }): Promise<GenerationOutcome> {
  const now = scope.now ?? new Date();
  const who = { id: actorUserId(actor), label: actorLabel(actor) };
  return (db as Db).transaction(async (tx) => {
    // Generation runs one at a time: two at once would race for the same subscriptions.
    await lockForTransaction(tx, "candidate-generation");
    const closed = resultRows(await tx.execute(closeStaleCandidatesSql({ now, profileId: scope.profileId, ruleId: scope.ruleId }, who)));
    const count = (state: string) => Number(closed.find((r) => r.to_state === state)?.n ?? 0);
    const [created] = resultRows(
      await tx.execute(sql`
        with e as (${eligibleCandidatesSql({ ...scope, now })}),
        ins as (
          insert into removal_candidates (subscription_id, rule_id, profile_id, software_model_id, directory_user_id,
            user_principal_name, assignment_group, notify_user, inactive_days, potential_savings, currency, reason, evidence)
          select subscription_id, rule_id, profile_id, software_model_id, directory_user_id, user_principal_name,
            assignment_group, notify_user, inactive_days, potential_savings, currency, reason, evidence
          from e
          order by user_principal_name
          returning id, reason
        ),
        ev as (
          insert into removal_candidate_events (candidate_id, at, kind, to_state, actor_user_id, actor_label, text)
          select id, ${now.toISOString()}::timestamptz, 'created', 'ready', ${who.id}::uuid, ${who.label}, 'Low Usage: ' || reason from ins
          returning 1
        )
        select count(*)::int as n from ev`),
    );
    const outcome = { created: Number(created?.n ?? 0), canceled: count("closed_canceled"), skipped: count("closed_skipped") };
    if (outcome.created + outcome.canceled + outcome.skipped > 0) {
      await writeAudit(tx, actor, {
        action: "removal_candidates.generate",
        entityType: scope.profileId ? "integration_profile" : "reclamation_rule",
        entityId: scope.profileId ?? scope.ruleId ?? null,
        summary: generationSentence(outcome),
        after: outcome,
      });
    }
    return outcome;
  });
}

/** "Reclamation rules: 12 new removal candidates; 3 closed (2 Closed Canceled, 1 Closed Skipped)." */
export function generationSentence(o: GenerationOutcome): string {
  const made = `${o.created} new removal candidate${o.created === 1 ? "" : "s"}`;
  const closedCount = o.canceled + o.skipped;
  if (closedCount === 0) return `Reclamation rules: ${made}.`;
  return `Reclamation rules: ${made}; ${closedCount} closed (${o.canceled} Closed Canceled, ${o.skipped} Closed Skipped).`;
}
