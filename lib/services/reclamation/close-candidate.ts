import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { REMOVAL_CANDIDATE_STATE_LABELS, removalCandidates, type RemovalCandidate } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { moveCandidate } from "./candidate-history";

const inputSchema = z.object({
  id: z.uuid(),
  to: z.enum(["closed_complete", "closed_skipped"]),
  reason: z.string().trim().min(1, "Say why, in a few words.").max(1000),
});

const CLOSABLE = ["attention_required", "ready", "awaiting_user", "awaiting_approval"] as const;

/**
 * **Close Complete** (the license was taken back another way: the saving is recorded) and **Close
 * Skipped** (the person keeps it, with the reason). Not while a reclaim is in flight.
 */
export async function closeCandidate(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<RemovalCandidate> {
  authorize(ctx.actor, "candidates:act", "close removal candidates");
  const input = inputSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(removalCandidates).where(eq(removalCandidates.id, input.id));
    if (!current) throw new ServiceError("not_found", "This removal candidate does not exist.");
    const label = input.to === "closed_complete" ? "Close Complete" : "Close Skipped";
    const moved = await moveCandidate(tx, ctx.actor, input.id, {
      from: CLOSABLE,
      to: input.to,
      text: input.reason,
      set: input.to === "closed_complete" ? { actualSavings: current.potentialSavings } : {},
    });
    if (!moved) throw new ServiceError("conflict", `${current.number} cannot be closed now: it is ${REMOVAL_CANDIDATE_STATE_LABELS[current.state]}.`);
    await writeAudit(tx, ctx.actor, {
      action: `removal_candidate.${input.to}`,
      entityType: "removal_candidate",
      entityId: input.id,
      summary: `${label} ${current.number}: ${input.reason}`,
      before: { state: current.state },
      after: { state: moved.state, actualSavings: moved.actualSavings },
    });
    return moved;
  });
}
