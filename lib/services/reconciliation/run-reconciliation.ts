import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { actorUserId } from "../../auth/actor";
import type { Db } from "../../db";
import { resultRows } from "../../db/driver";
import { reconciliationResults, reconciliationRuns } from "../../db/schema";
import { writeAudit } from "../audit/write-audit";
import { reconcileModel } from "./arithmetic";
import { modelCountsSql } from "./model-counts-sql";

export type ReconciliationOutcome = { runId: string; models: number; notCompliant: number };

/**
 * One reconciliation: the counts by SQL aggregation, the arithmetic by pure functions, and the run's
 * results written in the same transaction that completes it (License usage never shows half a run).
 */
export async function runReconciliation(db: Db, actor: Actor, options: { jobResultId?: string; now?: Date } = {}): Promise<ReconciliationOutcome> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(reconciliationRuns)
      .values({ state: "running", jobResultId: options.jobResultId ?? null, triggeredBy: actorUserId(actor), startedAt: now })
      .returning({ id: reconciliationRuns.id });
    const rows = resultRows(await tx.execute(modelCountsSql(now.toISOString().slice(0, 10))));
    const results = rows.map((r) => {
      const unitCost = r.unit_cost === null ? null : String(r.unit_cost);
      const counts = { rightsOwned: Number(r.owned), rightsUsed: Number(r.used), unitCost };
      return {
        runId: run!.id,
        softwareModelId: String(r.model_id),
        ...counts,
        ...reconcileModel(counts),
        excludedSubscriptions: Number(r.excluded),
        potentialSavings: String(r.potential),
        actualSavings: String(r.actual),
        currency: r.currency === null ? null : String(r.currency),
      };
    });
    if (results.length) await tx.insert(reconciliationResults).values(results);
    await tx.update(reconciliationRuns).set({ state: "completed", endedAt: new Date() }).where(eq(reconciliationRuns.id, run!.id));
    const notCompliant = results.filter((r) => !r.compliant).length;
    await writeAudit(tx, actor, {
      action: "reconciliation.run",
      entityType: "reconciliation_run",
      entityId: run!.id,
      summary: `Reconciled ${results.length} software model${results.length === 1 ? "" : "s"}: ${notCompliant} not compliant.`,
      after: { models: results.length, notCompliant },
    });
    return { runId: run!.id, models: results.length, notCompliant };
  });
}
