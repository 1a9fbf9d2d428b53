import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import {
  integrationProfiles,
  reclamationRules,
  removalCandidateEvents,
  removalCandidates,
  softwareModels,
  softwareSubscriptions,
  type RemovalCandidate,
  type RemovalCandidateEvent,
} from "../../db/schema";
import type { ServiceContext } from "../context";

const inputSchema = z.object({ id: z.uuid() });

export type CandidateRecord = {
  candidate: RemovalCandidate;
  profile: { id: string; name: string; vendorId: string } | null;
  model: { id: string; name: string } | null;
  rule: { id: string; name: string } | null;
  subscription: { id: string; externalUserId: string; active: boolean; removedAt: Date | null; removalReason: string | null } | null;
  history: RemovalCandidateEvent[];
};

/** A removal candidate's record: the candidate, what it points at, and its whole history. Null when unknown. */
export async function getRemovalCandidate(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<CandidateRecord | null> {
  authorize(ctx.actor, "workspace:view", "see removal candidates");
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { id } = parsed.data;
  const [row] = await ctx.db
    .select({
      candidate: removalCandidates,
      profile: { id: integrationProfiles.id, name: integrationProfiles.displayName, vendorId: integrationProfiles.vendorId },
      model: { id: softwareModels.id, name: softwareModels.displayName },
      rule: { id: reclamationRules.id, name: reclamationRules.name },
      subscription: {
        id: softwareSubscriptions.id,
        externalUserId: softwareSubscriptions.externalUserId,
        active: softwareSubscriptions.active,
        removedAt: softwareSubscriptions.removedAt,
        removalReason: softwareSubscriptions.removalReason,
      },
    })
    .from(removalCandidates)
    .leftJoin(integrationProfiles, eq(integrationProfiles.id, removalCandidates.profileId))
    .leftJoin(softwareModels, eq(softwareModels.id, removalCandidates.softwareModelId))
    .leftJoin(reclamationRules, eq(reclamationRules.id, removalCandidates.ruleId))
    .leftJoin(softwareSubscriptions, eq(softwareSubscriptions.id, removalCandidates.subscriptionId))
    .where(eq(removalCandidates.id, id));
  if (!row) return null;
  const history = await ctx.db
    .select()
    .from(removalCandidateEvents)
    .where(eq(removalCandidateEvents.candidateId, id))
    .orderBy(asc(removalCandidateEvents.at), asc(removalCandidateEvents.id));
  return { ...row, history };
}
