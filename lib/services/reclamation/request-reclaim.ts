import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { integrationProfiles, removalCandidates, type RemovalCandidateState } from "../../db/schema";
import { ServiceError } from "../../errors";
import { jobSender, transactionExecutor } from "../../jobs/boss";
import { ensureJobSchema, notifyWorkers } from "../../jobs/engine";
import { reclaimCandidateTask } from "../../jobs/kinds/reclaim-candidate";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { addCandidateEvent } from "./candidate-history";
import { lastSuccessfulDownload, reclaimBlockedSentence, staleDataSentence } from "./reclaim-target";

const inputSchema = z.object({
  ids: z.array(z.uuid()).min(1, "Choose at least one removal candidate.").max(10_000),
  /** Resume Reclaim: candidates in Attention Required; otherwise Ready ones. */
  resume: z.boolean().default(false),
});

export type ReclaimRequestOutcome = { queued: number; skipped: number };

/**
 * **Reclaim**, **Reclaim All** and **Resume Reclaim**: hands each candidate to the worker (one job
 * each) and moves it to Awaiting Revocation, in one transaction with its jobs. Refused as a whole,
 * with the reason, when a profile has Reclaim subscriptions cleared or its data is stale; nothing
 * is sent to the vendor here. Candidates no longer in the expected state are skipped and counted.
 */
export async function requestReclaim(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<ReclaimRequestOutcome> {
  authorize(ctx.actor, "candidates:act", "reclaim subscriptions");
  const input = inputSchema.parse(raw);
  const ids = [...new Set(input.ids)];
  const from: RemovalCandidateState = input.resume ? "attention_required" : "ready";
  await ensureJobSchema(ctx.db);

  const targets = await ctx.db
    .select({ id: removalCandidates.id, number: removalCandidates.number, profileId: removalCandidates.profileId })
    .from(removalCandidates)
    .where(and(inArray(removalCandidates.id, ids), eq(removalCandidates.state, from)));
  if (targets.length === 0) {
    throw new ServiceError("conflict", input.resume ? "None of these candidates is in Attention Required any more." : "None of these candidates is Ready any more.");
  }
  const profileIds = [...new Set(targets.map((t) => t.profileId).filter((p): p is string => p !== null))];
  if (targets.some((t) => t.profileId === null)) throw new ServiceError("conflict", "A candidate's integration profile was deleted: Close Skipped it instead.");
  const profiles = await ctx.db.select().from(integrationProfiles).where(inArray(integrationProfiles.id, profileIds));
  const now = new Date();
  for (const profile of profiles) {
    const refusal = reclaimBlockedSentence(profile) ?? staleDataSentence(profile.displayName, await lastSuccessfulDownload(ctx.db, profile.id), now);
    if (refusal) throw new ServiceError("conflict", refusal);
  }

  const queued = await ctx.db.transaction(async (tx) => {
    const jobs: { id: string; candidateId: string }[] = [];
    for (const t of targets) {
      const jobId = randomUUID();
      const [moved] = await tx
        .update(removalCandidates)
        .set({
          state: "awaiting_revocation",
          reclaimJobId: jobId,
          reclaimRequestedBy: actorUserId(ctx.actor),
          reclaimRequestedAt: now,
          deactivationSentAt: null,
          updatedAt: now,
        })
        .where(and(eq(removalCandidates.id, t.id), eq(removalCandidates.state, from)))
        .returning({ id: removalCandidates.id });
      if (!moved) continue;
      const text = input.resume ? "Resume Reclaim: handed to the worker again." : "Reclaim requested: handed to the worker.";
      await addCandidateEvent(tx, ctx.actor, t.id, { kind: "state", from, to: "awaiting_revocation", text });
      jobs.push({ id: jobId, candidateId: t.id });
    }
    if (jobs.length > 0) {
      await jobSender().insert(
        jobs.map((j) => ({ id: j.id, name: reclaimCandidateTask.id, data: reclaimCandidateTask.payload.parse({ candidateId: j.candidateId }), singletonKey: j.candidateId })),
        { db: transactionExecutor(tx) },
      );
      const numbers = targets.filter((t) => jobs.some((j) => j.candidateId === t.id)).map((t) => t.number);
      await writeAudit(tx, ctx.actor, {
        action: input.resume ? "removal_candidates.resume_reclaim" : "removal_candidates.reclaim",
        entityType: "removal_candidate",
        entityId: jobs.length === 1 ? jobs[0]!.candidateId : null,
        summary: `${input.resume ? "Resume Reclaim" : "Reclaim"} of ${jobs.length} removal candidate${jobs.length === 1 ? "" : "s"}: ${numbers.slice(0, 20).join(", ")}${numbers.length > 20 ? ", …" : ""}`,
      });
    }
    return jobs.length;
  });
  notifyWorkers(ctx.db);
  return { queued, skipped: ids.length - queued };
}
