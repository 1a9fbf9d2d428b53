import "server-only";
import { VendorError, type ReclaimCapability, type TokenStore } from "../types";
import type { MiroClient } from "./client";
import { emptyToNull } from "./map-member";
import type { MiroSettings } from "./settings";

/** Miro's SCIM budget: PATCH /Users/{id} 100 requests per 30 s window (miro-api.md §4.3). */
export const MIRO_SCIM_WINDOW_MS = 30_000;

type WithAccessToken = <T>(store: TokenStore, call: (accessToken: string) => Promise<T>) => Promise<T>;

/**
 * **Miro Reclaim Subscription**: the member is read again through the REST API (the download's OAuth
 * connection: it alone reports the last activity), and deactivated or reactivated through SCIM with
 * the API token (Miro's SCIM user id is the member id). Deactivating frees the license; the
 * person's boards stay and Restore brings them back.
 */
export function miroReclaim(client: MiroClient, withAccessToken: WithAccessToken): ReclaimCapability<MiroSettings> {
  return {
    async readMember({ store, settings }, externalUserId) {
      const orgId = settings.organizationId;
      if (!orgId) throw new VendorError("The profile does not know its Miro organization: run Validate Connection first.", null, "no_organization");
      try {
        const member = await withAccessToken(store, (token) => client.getMember(token, orgId, externalUserId));
        return { active: member.active, lastActivityAt: emptyToNull(member.lastActivityAt), subscriptionIdentifier: member.license };
      } catch (error) {
        if (error instanceof VendorError && error.status === 404) return null;
        throw error;
      }
    },
    isActive: ({ apiToken }, externalUserId) => client.getUserActive(apiToken, externalUserId),
    deactivate: ({ apiToken }, externalUserId) => client.setUserActive(apiToken, externalUserId, false),
    restore: ({ apiToken }, externalUserId) => client.setUserActive(apiToken, externalUserId, true),
    rateLimits: {
      read: { requests: 200, windowMs: 60_000 },
      check: { requests: 200, windowMs: MIRO_SCIM_WINDOW_MS },
      act: { requests: 100, windowMs: MIRO_SCIM_WINDOW_MS },
    },
    effectForPerson: "your Miro account is deactivated, which frees the license; your boards stay, and your account can be restored",
    effect: "their Miro account is deactivated, which frees the license; their boards stay, and Restore reactivates them",
  };
}
