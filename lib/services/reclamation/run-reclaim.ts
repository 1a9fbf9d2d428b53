import "server-only";
import { eq } from "drizzle-orm";
import { jobActor, type JobActor } from "../../auth/actor";
import type { Db } from "../../db";
import { reclamationRules, removalCandidates, softwareSubscriptions, type RemovalCandidate } from "../../db/schema";
import { VendorError, type ReclaimMemberState } from "../../integrations/types";
import type { TaskContext } from "../../jobs/definitions";
import { writeAudit } from "../audit/write-audit";
import { addCandidateEvent, moveCandidate } from "./candidate-history";
import { vendorCall } from "./pacer";
import { lastSuccessfulDownload, loadReclaimTarget, staleDataSentence, type ReclaimTarget } from "./reclaim-target";
import { vendorErrorAdvice } from "./vendor-error-advice";

const DAY_MS = 86_400_000;

/** Thrown to hand the job back to pg-boss for a retry (the vendor was busy or unreachable). */
class RetryLater extends Error {}

/**
 * One reclaim of one candidate (product.md §5): read the member again, stop if they were active
 * since, deactivate, read again to verify, then Closed Complete with the saving recorded. Any vendor
 * failure leaves the candidate Attention Required with the vendor's words and what to do. Runs only
 * for the job the candidate was handed to (`reclaim_job_id`); a duplicate or late job does nothing.
 */
export async function runReclaim(ctx: TaskContext, candidateId: string): Promise<void> {
  const db = ctx.db;
  const actor = jobActor("reclaim-candidate", ctx.jobId, "Reclaim subscription");
  const [candidate] = await db.select().from(removalCandidates).where(eq(removalCandidates.id, candidateId));
  if (candidate?.state !== "awaiting_revocation" || candidate.reclaimJobId !== ctx.jobId) {
    ctx.log(`reclaim ${ctx.jobId}: candidate ${candidateId} is not waiting for this job any more; nothing done.`);
    return;
  }
  const step = steps(db, actor, candidate, ctx.jobId);
  if (!candidate.subscriptionId) return step.close("closed_skipped", "The subscription no longer exists; nothing was sent.");
  const target = await loadReclaimTarget(db, candidate.subscriptionId);
  if ("problem" in target) {
    // The box was cleared after the request: the candidate waits, Ready, and nothing is sent.
    if (target.problem.startsWith("Reclaim subscriptions is cleared")) return step.back(target.problem);
    return step.attention(target.problem);
  }
  const { subscription, profile, reclaim, credentials, who } = target;
  const vendor = target.adapter.download.vendorName;
  if (subscription.removedAt) return step.close("closed_skipped", `${vendor} no longer lists ${who} (removed ${day(subscription.removedAt)}); nothing was sent.`);
  if (subscription.excluded) return step.close("closed_skipped", `${who} is excluded by a subscription exclusion rule since the candidate was made; nothing was sent.`);
  const stale = staleDataSentence(profile.displayName, await lastSuccessfulDownload(db, profile.id), new Date());
  if (stale) return step.attention(stale);

  try {
    const call = <T>(kind: "read" | "check" | "act", fn: () => Promise<T>) => vendorCall(`${kind}:${profile.id}`, reclaim.rateLimits?.[kind], fn, ctx.signal);
    const id = subscription.externalUserId;
    const before = await call("read", () => reclaim.readMember(credentials, id));
    await step.note(`Read ${who} from ${vendor}: ${memberWords(before)}.`);
    if (!before) return step.close("closed_skipped", `${vendor} no longer knows ${who}; nothing was sent.`);
    // What the vendor just said replaces the download's older values, so that the rules do not
    // make the same candidate again from stale data before the next download.
    await db
      .update(softwareSubscriptions)
      .set({ active: before.active, lastActivityAt: before.lastActivityAt ? new Date(before.lastActivityAt) : subscription.lastActivityAt, downloadHash: null, updatedAt: new Date() })
      .where(eq(softwareSubscriptions.id, subscription.id));
    const threshold = await thresholdOf(db, candidate);
    if (before.lastActivityAt) {
      const days = Math.floor((Date.now() - Date.parse(before.lastActivityAt)) / DAY_MS);
      if (days < threshold) {
        return step.close("closed_canceled", `Activity detected on ${before.lastActivityAt.slice(0, 10)} (${days} days ago, under the ${threshold}-day threshold): ${who} was left untouched.`);
      }
    }
    if (!before.active && !candidate.deactivationSentAt) {
      return step.close("closed_skipped", `${who} was already deactivated in ${vendor} outside OpenSAM; nothing was sent.`);
    }
    if (before.active) {
      await db.update(removalCandidates).set({ deactivationSentAt: new Date() }).where(eq(removalCandidates.id, candidate.id));
      await call("act", () => reclaim.deactivate(credentials, id));
      await step.note(`${vendor} accepted the deactivation of ${who}.`);
    }
    if ((await call("check", () => reclaim.isActive(credentials, id))) === true) {
      return step.attention(`${vendor} accepted the deactivation of ${who} but still reports them active. Check the user in ${vendor}, then Resume Reclaim.`);
    }
    await complete(db, actor, candidate, target, ctx.jobId);
  } catch (error) {
    if (error instanceof RetryLater) throw error;
    const retryable = error instanceof VendorError ? error.retryable : true;
    const words = error instanceof VendorError ? vendorErrorAdvice(error, vendor) : `Unexpected error: ${(error as Error).message}. Resume Reclaim to try again.`;
    if (retryable && ctx.willRetry) {
      await step.note(`${words} The worker tries again shortly.`);
      throw new RetryLater(words);
    }
    return step.attention(words);
  }
}

function steps(db: Db, actor: JobActor, candidate: RemovalCandidate, jobId: string) {
  const from = ["awaiting_revocation"] as const;
  const audit = async (tx: Parameters<Parameters<Db["transaction"]>[0]>[0], outcome: string, text: string) =>
    writeAudit(tx, actor, { action: `removal_candidate.reclaim.${outcome}`, entityType: "removal_candidate", entityId: candidate.id, summary: `${candidate.number}: ${text}` });
  return {
    note: (text: string) => addCandidateEvent(db, actor, candidate.id, { kind: "vendor", text }),
    close: async (to: "closed_skipped" | "closed_canceled", text: string) => {
      await db.transaction(async (tx) => {
        if (await moveCandidate(tx, actor, candidate.id, { from, to, text, reclaimJobId: jobId })) await audit(tx, to, text);
      });
    },
    attention: async (text: string) => {
      await db.transaction(async (tx) => {
        const moved = await moveCandidate(tx, actor, candidate.id, { from, to: "attention_required", text, reclaimJobId: jobId, set: { vendorError: text, errorSince: new Date() } });
        if (moved) await audit(tx, "attention_required", text);
      });
    },
    back: async (text: string) => {
      await db.transaction(async (tx) => {
        await moveCandidate(tx, actor, candidate.id, { from, to: "ready", text, reclaimJobId: jobId, set: { reclaimJobId: null } });
      });
    },
  };
}

/** Closed Complete: the seat is free, the subscription leaves the current list, the saving is recorded. Once. */
async function complete(db: Db, actor: JobActor, candidate: RemovalCandidate, target: ReclaimTarget, jobId: string): Promise<void> {
  const text = `Deactivated ${target.who} and verified: ${target.reclaim.effect}.`;
  await db.transaction(async (tx) => {
    const moved = await moveCandidate(tx, actor, candidate.id, {
      from: ["awaiting_revocation"],
      to: "closed_complete",
      text,
      reclaimJobId: jobId,
      set: { actualSavings: candidate.potentialSavings, vendorError: null, errorSince: null },
    });
    if (!moved) return;
    const now = new Date();
    await tx
      .update(softwareSubscriptions)
      .set({ active: false, removedAt: now, removalReason: "reclaimed", downloadHash: null, updatedAt: now })
      .where(eq(softwareSubscriptions.id, target.subscription.id));
    const saving = candidate.potentialSavings ? ` Saving recorded: ${candidate.potentialSavings} ${candidate.currency} a year.` : "";
    await writeAudit(tx, actor, { action: "removal_candidate.reclaim.closed_complete", entityType: "removal_candidate", entityId: candidate.id, summary: `${candidate.number}: ${text}${saving}` });
  });
}

async function thresholdOf(db: Db, candidate: RemovalCandidate): Promise<number> {
  if (candidate.ruleId) {
    const [rule] = await db.select({ days: reclamationRules.lastActivityThresholdDays }).from(reclamationRules).where(eq(reclamationRules.id, candidate.ruleId));
    if (rule) return rule.days;
  }
  return candidate.evidence.thresholdDays ?? 60;
}

function memberWords(member: ReclaimMemberState | null): string {
  if (!member) return "not found";
  const activity = member.lastActivityAt ? `last active ${member.lastActivityAt.slice(0, 10)}` : "never active";
  return `${member.active ? "active" : "deactivated"}, ${activity}, license ${member.subscriptionIdentifier}`;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
