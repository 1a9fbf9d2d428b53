import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { candidateEmails, removalCandidates, softwareModels, type RemovalCandidate } from "../../db/schema";
import { ServiceError } from "../../errors";
import { sendMail } from "../../mail/send";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { addCandidateEvent, moveCandidate } from "./candidate-history";
import { declinedMail } from "./notice-email";
import { requestReclaim } from "./request-reclaim";

const inputSchema = z.object({
  id: z.uuid(),
  decision: z.enum(["approve", "decline"]),
  reason: z.string().trim().min(1, "Say why, in a few words: the person reads it.").max(1000),
});

/**
 * A sam_admin's decision on a Keep (Awaiting Approval): **Approve reclaim** hands it to the worker;
 * **Decline** closes it Skipped with the reason, and the person is told they keep the license.
 */
export async function decideApproval(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<RemovalCandidate> {
  authorize(ctx.actor, "approvals:decide", "decide on kept licenses");
  const input = inputSchema.parse(raw);
  const approve = input.decision === "approve";
  const moved = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(removalCandidates).where(eq(removalCandidates.id, input.id));
    if (!current) throw new ServiceError("not_found", "This removal candidate does not exist.");
    const text = approve ? `Approve reclaim: ${input.reason}` : `Declined: ${input.reason}`;
    const m = await moveCandidate(tx, ctx.actor, input.id, {
      from: ["awaiting_approval"],
      to: approve ? "ready" : "closed_skipped",
      text,
      set: { approvalDecision: approve ? "approved" : "declined", approvalBy: ctx.actor.kind === "person" ? ctx.actor.id : null, approvalAt: new Date() },
    });
    if (!m) throw new ServiceError("conflict", `${current.number} is not Awaiting Approval any more.`);
    await writeAudit(tx, ctx.actor, { action: `removal_candidate.${approve ? "approve" : "decline"}`, entityType: "removal_candidate", entityId: input.id, summary: `${current.number}: ${text}` });
    return m;
  });
  if (approve) {
    await requestReclaim(ctx, { ids: [moved.id] });
  } else {
    await tellDeclined(ctx, moved, input.reason);
  }
  return moved;
}

async function tellDeclined(ctx: ServiceContext, candidate: RemovalCandidate, reason: string) {
  const [notice] = await ctx.db.select({ recipient: candidateEmails.recipient }).from(candidateEmails).where(eq(candidateEmails.candidateId, candidate.id));
  const [model] = candidate.softwareModelId ? await ctx.db.select({ name: softwareModels.displayName }).from(softwareModels).where(eq(softwareModels.id, candidate.softwareModelId)) : [];
  const recipient = notice?.recipient ?? candidate.userPrincipalName;
  const mail = declinedMail({ name: recipient, product: model?.name ?? "software" }, reason);
  await ctx.db.insert(candidateEmails).values({ candidateId: candidate.id, kind: "declined", recipient, subject: mail.subject }).onConflictDoNothing();
  try {
    await sendMail({ to: recipient, ...mail });
    await ctx.db
      .update(candidateEmails)
      .set({ sentAt: new Date(), attempts: 1 })
      .where(and(eq(candidateEmails.candidateId, candidate.id), eq(candidateEmails.kind, "declined")));
    await addCandidateEvent(ctx.db, ctx.actor, candidate.id, { kind: "note", text: `${recipient} was told they keep the license.` });
  } catch (error) {
    await addCandidateEvent(ctx.db, ctx.actor, candidate.id, { kind: "note", text: `The email telling ${recipient} they keep the license could not be sent: ${(error as Error).message}` });
  }
}
