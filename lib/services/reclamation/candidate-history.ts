import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { actorLabel, actorUserId, type Actor } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import {
  removalCandidateEvents,
  removalCandidates,
  type CandidateEventKind,
  type NewRemovalCandidate,
  type RemovalCandidate,
  type RemovalCandidateState,
} from "../../db/schema";

/** One line of a candidate's history (its record shows them in order). */
export async function addCandidateEvent(
  tx: DbOrTx,
  actor: Actor,
  candidateId: string,
  event: { kind: CandidateEventKind; text: string; from?: RemovalCandidateState; to?: RemovalCandidateState },
): Promise<void> {
  await tx.insert(removalCandidateEvents).values({
    candidateId,
    kind: event.kind,
    fromState: event.from ?? null,
    toState: event.to ?? null,
    actorUserId: actorUserId(actor),
    actorLabel: actorLabel(actor),
    text: event.text,
  });
}

const CLOSED = new Set<RemovalCandidateState>(["closed_complete", "closed_skipped", "closed_canceled"]);

/**
 * Moves a candidate to `to` only if it is still in one of `from` (and, when given, still belongs to
 * `reclaimJobId`): a compare-and-set, so two workers or two clicks can never both move it. Closing
 * sets the closing time; the history line says why. Returns the moved row, or null when it was not
 * in a state to move.
 */
export async function moveCandidate(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  move: {
    from: readonly RemovalCandidateState[];
    to: RemovalCandidateState;
    text: string;
    reclaimJobId?: string;
    set?: Partial<NewRemovalCandidate>;
  },
): Promise<RemovalCandidate | null> {
  const closing = CLOSED.has(move.to);
  // The row lock orders concurrent moves; the state read under it is the history line's "from".
  const [current] = await tx.select({ state: removalCandidates.state }).from(removalCandidates).where(eq(removalCandidates.id, id)).for("update");
  if (!current) return null;
  const [row] = await tx
    .update(removalCandidates)
    .set({
      ...move.set,
      state: move.to,
      updatedAt: new Date(),
      ...(closing ? { closedAt: new Date(), closeReason: move.text, closedBy: actorUserId(actor) } : { closedAt: null }),
    })
    .where(
      and(
        eq(removalCandidates.id, id),
        inArray(removalCandidates.state, [...move.from]),
        move.reclaimJobId ? eq(removalCandidates.reclaimJobId, move.reclaimJobId) : undefined,
      ),
    )
    .returning();
  if (!row) return null;
  await addCandidateEvent(tx, actor, id, { kind: "state", text: move.text, from: current.state, to: move.to });
  return row;
}
