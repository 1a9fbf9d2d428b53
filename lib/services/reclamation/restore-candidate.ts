import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { removalCandidates, softwareSubscriptions, type RemovalCandidate } from "../../db/schema";
import { ServiceError } from "../../errors";
import { VendorError } from "../../integrations/types";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { addCandidateEvent, moveCandidate } from "./candidate-history";
import { vendorCall } from "./pacer";
import { loadReclaimTarget } from "./reclaim-target";
import { vendorErrorAdvice } from "./vendor-error-advice";

const inputSchema = z.object({ id: z.uuid() });

/**
 * **Restore** (beyond the reference; sam_admin, on Closed Complete): reactivates the member through
 * the vendor, verifies it, brings the subscription back and reverses the recorded saving. The
 * candidate ends Closed Canceled ("Restored …"), so a restored seat never counts as saved. One
 * vendor call and one read, so it runs in the request and answers at once.
 */
export async function restoreCandidate(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<RemovalCandidate> {
  authorize(ctx.actor, "candidates:restore", "restore reclaimed subscriptions");
  const input = inputSchema.parse(raw);
  const [candidate] = await ctx.db.select().from(removalCandidates).where(eq(removalCandidates.id, input.id));
  if (!candidate) throw new ServiceError("not_found", "This removal candidate does not exist.");
  if (candidate.state !== "closed_complete") throw new ServiceError("conflict", `Only a Closed Complete candidate can be restored; ${candidate.number} is not.`);
  if (!candidate.subscriptionId) throw new ServiceError("conflict", `${candidate.number}'s subscription no longer exists (its profile was deleted): restore the user in the vendor's console.`);
  const target = await loadReclaimTarget(ctx.db, candidate.subscriptionId);
  if ("problem" in target) throw new ServiceError("conflict", target.problem);
  const vendor = target.adapter.download.vendorName;
  try {
    const { reclaim, credentials, profile } = target;
    const id = target.subscription.externalUserId;
    await vendorCall(`act:${profile.id}`, reclaim.rateLimits?.act, () => reclaim.restore(credentials, id));
    if ((await vendorCall(`check:${profile.id}`, reclaim.rateLimits?.check, () => reclaim.isActive(credentials, id))) !== true) throw new ServiceError("conflict", `${vendor} accepted the reactivation of ${target.who} but does not report them active: check the user in ${vendor}.`);
  } catch (error) {
    if (error instanceof VendorError) {
      await addCandidateEvent(ctx.db, ctx.actor, candidate.id, { kind: "vendor", text: `Restore failed: ${vendorErrorAdvice(error, vendor)}` });
      throw new ServiceError("conflict", vendorErrorAdvice(error, vendor).replace("Resume Reclaim", "Restore again"));
    }
    throw error;
  }
  const text = `Restored: ${target.who} reactivated in ${vendor} and verified; the saving${candidate.actualSavings ? ` of ${candidate.actualSavings} ${candidate.currency}` : ""} is reversed.`;
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const moved = await moveCandidate(tx, ctx.actor, candidate.id, {
      from: ["closed_complete"],
      to: "closed_canceled",
      text,
      set: { actualSavings: null, restoredAt: now, restoredBy: ctx.actor.kind === "person" ? ctx.actor.id : null },
    });
    if (!moved) throw new ServiceError("conflict", `${candidate.number} changed meanwhile; reload it.`);
    await tx
      .update(softwareSubscriptions)
      .set({ active: true, removedAt: null, removalReason: null, downloadHash: null, updatedAt: now })
      .where(eq(softwareSubscriptions.id, candidate.subscriptionId as string));
    await writeAudit(tx, ctx.actor, {
      action: "removal_candidate.restore",
      entityType: "removal_candidate",
      entityId: candidate.id,
      summary: `${candidate.number}: ${text}`,
      before: { state: "closed_complete", actualSavings: candidate.actualSavings },
      after: { state: "closed_canceled", actualSavings: null },
    });
    return moved;
  });
}
