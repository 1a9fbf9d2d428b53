import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import {
  candidateEmails,
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
  emails: { kind: string; recipient: string; subject: string; sentAt: Date | null; error: string | null }[];
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
  const emails = await ctx.db
    .select({ kind: candidateEmails.kind, recipient: candidateEmails.recipient, subject: candidateEmails.subject, sentAt: candidateEmails.sentAt, error: candidateEmails.error })
    .from(candidateEmails)
    .where(eq(candidateEmails.candidateId, id))
    .orderBy(asc(candidateEmails.createdAt));
  return { ...row, history, emails };
}
