import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { integrationProfiles, jobResults, scheduledJobs, softwareSubscriptions, type IntegrationProfile, type SoftwareSubscription } from "../../db/schema";
import { getAdapter } from "../../integrations/registry";
import type { ReclaimCapability, ReclaimCredentials, VendorAdapter } from "../../integrations/types";
import { vault } from "../../security/vault";
import { activeConnection } from "../connections/aliases";
import { dbTokenStore } from "../connections/token-store";

/** A reclaim refuses to act on data older than this (product.md §5): the decision would rest on stale activity. */
export const STALE_DOWNLOAD_MS = 2 * 86_400_000;

export type ReclaimTarget = {
  subscription: SoftwareSubscription;
  profile: IntegrationProfile;
  adapter: VendorAdapter<unknown>;
  reclaim: ReclaimCapability<unknown>;
  credentials: ReclaimCredentials<unknown>;
  /** "ada@example.com (Miro user 3458…)" */
  who: string;
};

/** When the profile's last download that completed ended; null when none has. */
export async function lastSuccessfulDownload(db: DbOrTx, profileId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | null>`max(${jobResults.endedAt})`.mapWith(jobResults.endedAt) })
    .from(jobResults)
    .innerJoin(scheduledJobs, eq(scheduledJobs.id, jobResults.jobId))
    .where(
      and(
        eq(jobResults.profileId, profileId),
        eq(scheduledJobs.kind, "download_subscriptions"),
        inArray(jobResults.state, ["completed", "completed_with_warnings"]),
      ),
    );
  return row?.at ?? null;
}

/** Why the profile's data is too old to reclaim on, in words, or null when it is fresh enough. */
export function staleDataSentence(profileName: string, last: Date | null, now: Date): string | null {
  if (!last) return `${profileName} has no successful download yet: reclaim waits for one, so that it acts on current activity.`;
  if (now.getTime() - last.getTime() <= STALE_DOWNLOAD_MS) return null;
  return `The last successful download of ${profileName} ended ${last.toISOString().slice(0, 16).replace("T", " ")} UTC, more than 2 days ago: reclaim is refused on stale data. Run the download first.`;
}

/**
 * Why a profile cannot reclaim at all, in words (Reclaim subscriptions cleared, no reclaim
 * capability or connection), or null when it can.
 */
export function reclaimBlockedSentence(profile: IntegrationProfile): string | null {
  if (!profile.reclaimEnabled) return `Reclaim subscriptions is cleared on ${profile.displayName}: candidates stay Ready and nothing is sent to the vendor.`;
  const adapter = getAdapter(profile.vendorId);
  if (!adapter.reclaim) return `${adapter.displayName} cannot take licenses back through its API.`;
  if (!profile.reclaimConnectionAliasId || !profile.downloadConnectionAliasId) {
    return `${profile.displayName} lacks a download or reclaim connection: open the profile and validate it.`;
  }
  return null;
}

/**
 * Everything one reclaim of a subscription needs: its profile, the vendor's reclaim capability, and
 * the decrypted credentials (the download's OAuth connection to read, the reclaim token to act).
 * Throws a sentence when the profile cannot reclaim.
 */
export async function loadReclaimTarget(db: DbOrTx, subscriptionId: string): Promise<ReclaimTarget | { problem: string }> {
  const [row] = await db
    .select({ subscription: softwareSubscriptions, profile: integrationProfiles })
    .from(softwareSubscriptions)
    .innerJoin(integrationProfiles, eq(integrationProfiles.id, softwareSubscriptions.profileId))
    .where(eq(softwareSubscriptions.id, subscriptionId));
  if (!row) return { problem: "The subscription no longer exists (its profile may have been deleted)." };
  const { subscription, profile } = row;
  const blocked = reclaimBlockedSentence(profile);
  if (blocked) return { problem: blocked };
  const adapter = getAdapter(profile.vendorId);
  const reclaim = adapter.reclaim as ReclaimCapability<unknown>;
  const download = await activeConnection(db, profile.downloadConnectionAliasId as string);
  const scim = await activeConnection(db, profile.reclaimConnectionAliasId as string);
  if (!download || !scim?.apiTokenEnc) return { problem: `${profile.displayName} lacks an active download or reclaim connection: open the profile and validate it.` };
  const credentials: ReclaimCredentials<unknown> = {
    store: dbTokenStore(db, download.id),
    settings: adapter.settingsSchema.parse(profile.settings),
    apiToken: vault.decrypt(scim.apiTokenEnc),
  };
  const who = `${subscription.userPrincipalName} (${adapter.download.vendorName} user ${subscription.externalUserId})`;
  return { subscription, profile, adapter, reclaim, credentials, who };
}
