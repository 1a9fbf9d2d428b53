import { and, count, eq, inArray } from "drizzle-orm";
import { actorUserId, authorize } from "../../auth/actor";
import { integrationProfiles, OPEN_REMOVAL_CANDIDATE_STATES, removalCandidates, softwareSubscriptions } from "../../db/schema";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getProfile } from "./get-profile";
import { profileIdInput } from "./profile-input";

/**
 * **Delete** (sam_integrator): closes the profile's open removal candidates as Closed Skipped, then
 * removes the profile with its subscriptions, jobs and job results (foreign-key cascades); the
 * reclamation rules and software models stay (product.md §3).
 */
export async function deleteProfile(ctx: ServiceContext, raw: { id: string }): Promise<void> {
  authorize(ctx.actor, "profiles:manage", "delete integration profiles");
  const { id } = parseInput(profileIdInput, raw);
  const profile = await getProfile(ctx, { id });
  await ctx.db.transaction(async (tx) => {
    const closed = await tx
      .update(removalCandidates)
      .set({ state: "closed_skipped", closedAt: new Date(), closedBy: actorUserId(ctx.actor), closeReason: `Profile ${profile.displayName} was deleted`, updatedAt: new Date() })
      .where(and(eq(removalCandidates.profileId, id), inArray(removalCandidates.state, [...OPEN_REMOVAL_CANDIDATE_STATES])))
      .returning({ id: removalCandidates.id });
    const [subs] = await tx.select({ n: count() }).from(softwareSubscriptions).where(eq(softwareSubscriptions.profileId, id));
    await tx.delete(integrationProfiles).where(eq(integrationProfiles.id, id));
    await writeAudit(tx, ctx.actor, {
      action: "profile.delete",
      entityType: "integration_profile",
      entityId: id,
      summary: `Deleted ${profile.displayName}: ${subs?.n ?? 0} subscriptions removed, ${closed.length} open removal candidates closed as Closed Skipped`,
      before: { displayName: profile.displayName, status: profile.status },
    });
  });
}
