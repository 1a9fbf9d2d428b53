import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db";
import { integrationProfiles, OPEN_REMOVAL_CANDIDATE_STATES, removalCandidates, softwareSubscriptions } from "../../db/schema";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import { writeAudit } from "../audit/write-audit";
import { getProfile } from "./get-profile";

/**
 * **Delete** (sam_integrator): closes the profile's open removal candidates as Closed Skipped, then
 * removes the profile with its subscriptions, jobs and job results (foreign-key cascades); the
 * reclamation rules and software models stay (product.md §3).
 */
export async function deleteProfile(db: Db, actor: ServiceActor, id: string): Promise<void> {
  assertCan(actor, "profiles:manage", "delete integration profiles");
  const profile = await getProfile(db, id);
  await db.transaction(async (tx) => {
    const closed = await tx
      .update(removalCandidates)
      .set({ state: "closed_skipped", closedAt: new Date(), closedBy: actor.id, closeReason: `Profile ${profile.displayName} was deleted`, updatedAt: new Date() })
      .where(and(eq(removalCandidates.profileId, id), inArray(removalCandidates.state, [...OPEN_REMOVAL_CANDIDATE_STATES])))
      .returning({ id: removalCandidates.id });
    const [subs] = await tx.select({ n: count() }).from(softwareSubscriptions).where(eq(softwareSubscriptions.profileId, id));
    await tx.delete(integrationProfiles).where(eq(integrationProfiles.id, id));
    await writeAudit(tx, actor, {
      action: "profile.delete",
      entityType: "integration_profile",
      entityId: id,
      summary: `Deleted ${profile.displayName}: ${subs?.n ?? 0} subscriptions removed, ${closed.length} open removal candidates closed as Closed Skipped`,
      before: { displayName: profile.displayName, status: profile.status },
    });
  });
}
