import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { integrationProfiles, softwareSubscriptions } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import type { ReclaimCredentials, ReclaimMemberState } from "../../integrations/types";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { activeConnection } from "../connections/aliases";
import { dbTokenStore } from "../connections/token-store";
import type { ServiceContext } from "../context";

const inputSchema = z.object({
  subscriptionId: z.uuid(),
  /** Inactive days the vendor's last activity must still exceed; newer activity cancels the reclaim. */
  thresholdDays: z.number().int().min(1).max(3650),
  now: z.date().optional(),
});

export type ReclaimMemberOutcome =
  | { outcome: "reclaimed"; before: ReclaimMemberState; after: ReclaimMemberState | null; words: string }
  | { outcome: "activity_detected" | "gone" | "already_inactive" | "not_verified"; words: string };

/**
 * Takes one subscription's license back through its vendor, safely: the member is read again first
 * (activity newer than the threshold, or a member the vendor no longer knows, stops it), then
 * deactivated, then read again to verify. The reclamation feature builds its candidates and states on
 * this; here it answers what happened, in words, and leaves one audit row.
 */
export async function reclaimMember(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<ReclaimMemberOutcome> {
  authorize(ctx.actor, "candidates:act", "reclaim subscriptions");
  const input = inputSchema.parse(raw);
  const now = input.now ?? new Date();
  const db = ctx.db;
  const [row] = await db
    .select({ subscription: softwareSubscriptions, profile: integrationProfiles })
    .from(softwareSubscriptions)
    .innerJoin(integrationProfiles, eq(integrationProfiles.id, softwareSubscriptions.profileId))
    .where(and(eq(softwareSubscriptions.id, input.subscriptionId), isNull(softwareSubscriptions.removedAt)));
  if (!row) throw new ServiceError("not_found", "This subscription no longer exists or was removed.");
  const { subscription, profile } = row;
  if (!profile.reclaimEnabled) {
    throw new ServiceError("conflict", `Reclaim subscriptions is cleared on ${profile.displayName}: nothing is sent to the vendor.`);
  }
  const adapter = getAdapter(profile.vendorId);
  const reclaim = adapter.reclaim;
  if (!reclaim) throw new ServiceError("conflict", `${adapter.displayName} cannot take licenses back through its API.`);
  const download = profile.downloadConnectionAliasId ? await activeConnection(db, profile.downloadConnectionAliasId) : null;
  const scim = profile.reclaimConnectionAliasId ? await activeConnection(db, profile.reclaimConnectionAliasId) : null;
  if (!download || !scim?.apiTokenEnc) {
    throw new ServiceError("conflict", `${profile.displayName} lacks a download or reclaim connection: open the profile and validate it.`);
  }
  const credentials: ReclaimCredentials<unknown> = {
    store: dbTokenStore(db, download.id),
    settings: adapter.settingsSchema.parse(profile.settings),
    apiToken: vault.decrypt(scim.apiTokenEnc),
  };
  const id = subscription.externalUserId;
  const who = `${subscription.userPrincipalName} (${adapter.displayName} user ${id})`;

  const result = await (async (): Promise<ReclaimMemberOutcome> => {
    const before = await reclaim.readMember(credentials, id);
    if (!before) return { outcome: "gone", words: `${adapter.displayName} no longer knows ${who}; nothing was sent.` };
    if (!before.active) return { outcome: "already_inactive", words: `${who} is already deactivated; nothing was sent.` };
    if (before.lastActivityAt) {
      const days = Math.floor((now.getTime() - Date.parse(before.lastActivityAt)) / 86_400_000);
      if (days < input.thresholdDays) {
        return { outcome: "activity_detected", words: `Activity detected on ${before.lastActivityAt.slice(0, 10)} (${days} days ago, under the ${input.thresholdDays}-day threshold): ${who} was left untouched.` };
      }
    }
    await reclaim.deactivate(credentials, id);
    const after = await reclaim.readMember(credentials, id);
    if (after?.active) {
      return { outcome: "not_verified", words: `${adapter.displayName} accepted the deactivation of ${who} but still reports them active.` };
    }
    return { outcome: "reclaimed", before, after, words: `Deactivated ${who} and verified: ${reclaim.effect}.` };
  })();

  await writeAudit(db, ctx.actor, {
    action: `subscription.reclaim.${result.outcome}`,
    entityType: "software_subscription",
    entityId: subscription.id,
    summary: result.words,
  });
  return result;
}
