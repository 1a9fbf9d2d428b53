import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { downloadPendingRemovals, downloadResults, jobResults } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";

const inputSchema = z.object({ jobResultId: z.uuid() });

/**
 * **Confirm removals** on a download run that ended Completed with warnings: marks removed the
 * subscriptions the run did not see and held back (removal-guard.ts), those still current. Refused
 * once a later run has read the organization (its own result stands) or when nothing is held back.
 */
export async function confirmRemovals(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<{ removed: number }> {
  authorize(ctx.actor, "jobs:run", "confirm removals");
  const { jobResultId } = inputSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx
      .select({ id: jobResults.id, state: jobResults.state, profileId: jobResults.profileId, warningText: jobResults.warningText })
      .from(jobResults)
      .where(eq(jobResults.id, jobResultId))
      .for("update");
    if (!run?.profileId) throw new ServiceError("not_found", "This run no longer exists.");
    if (run.state !== "completed_with_warnings") throw new ServiceError("conflict", "This run held nothing back: there are no removals to confirm.");
    const [pending] = await tx
      .select({ count: sql<number>`cardinality(${downloadPendingRemovals.externalUserIds})`.mapWith(Number) })
      .from(downloadPendingRemovals)
      .where(eq(downloadPendingRemovals.jobResultId, jobResultId));
    if (!pending) {
      throw new ServiceError(
        "conflict",
        "A later run of this profile has read the organization since, or the removals were already confirmed: nothing held back by this run is left to confirm.",
      );
    }
    const removed = await tx.execute(sql`
      with swept as (
        update software_subscriptions
        set removed_at = now(), removal_reason = 'vendor_removed', updated_at = now()
        where profile_id = ${run.profileId}::uuid and removed_at is null
          and external_user_id in (select unnest(external_user_ids) from download_pending_removals where job_result_id = ${jobResultId}::uuid)
        returning 1
      )
      select count(*)::int as removed from swept`);
    const rows = Array.isArray(removed) ? removed : ((removed as { rows?: unknown[] }).rows ?? []);
    const count = Number((rows[0] as { removed?: unknown } | undefined)?.removed ?? 0);
    await tx.delete(downloadPendingRemovals).where(eq(downloadPendingRemovals.jobResultId, jobResultId));
    const note = `Removals confirmed: ${count.toLocaleString("en-US")} subscription${count === 1 ? "" : "s"} marked removed.`;
    await tx
      .update(jobResults)
      .set({ warningText: `${run.warningText ?? ""} ${note}`.trim(), updatedAt: sql`now()` })
      .where(and(eq(jobResults.id, jobResultId)));
    await tx
      .update(downloadResults)
      .set({ subscriptionsRemoved: sql`${downloadResults.subscriptionsRemoved} + ${count}`, updatedAt: sql`now()` })
      .where(eq(downloadResults.jobResultId, jobResultId));
    await writeAudit(tx, ctx.actor, {
      action: "download.confirm_removals",
      entityType: "job_result",
      entityId: jobResultId,
      summary: `${note} (${pending.count.toLocaleString("en-US")} held back by the run)`,
      after: { removed: count, heldBack: pending.count },
    });
    return { removed: count };
  });
}
