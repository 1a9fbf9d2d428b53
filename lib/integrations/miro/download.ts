import "server-only";
import type { DownloadCapability } from "../types";
import type { MiroMember } from "./api-types";
import type { MiroClientOptions } from "./client";
import { hashMiroMember, mapMiroMember, miroUserPrincipalName } from "./map-member";
import { createMembersPageReader } from "./members-page";
import type { MiroSettings } from "./settings";

/** Miro's REST budget: 100,000 credits per 60 s window per (user, app); a members page is Level 3 (miro-api.md §4.1). */
export const MIRO_REST_WINDOW_MS = 60_000;
export const MIRO_MEMBERS_PAGE_COST = 500;

/** **Miro Download Subscriptions**: the organization's members, 100 a page, by increasing member id. */
export function miroDownload(options: MiroClientOptions = {}): DownloadCapability<MiroSettings, MiroMember> {
  const readMembersPage = createMembersPageReader(options);
  return {
    vendorName: "Miro",
    target(settings, profileName) {
      if (!settings.organizationId) {
        return {
          problem: `${profileName} does not know its Miro organization yet: run Validate Connection on the profile first (it reads the organization from the token), then publish it.`,
        };
      }
      return { subject: `the members of Miro organization ${settings.organizationId}` };
    },
    async readPage(accessToken, settings, cursor) {
      const page = await readMembersPage(accessToken, settings.organizationId ?? "", { cursor, limit: settings.pageSize });
      return { members: page.data, cursor: page.cursor, rateLimit: page.rateLimit };
    },
    externalId: (member) => member.id,
    subscriptionIdentifier: (member) => member.license,
    userPrincipalName: miroUserPrincipalName,
    toSubscription: mapMiroMember,
    hash: hashMiroMember,
    // The cursor is the id of the last member read (miro-api.md §2.3).
    increasingIds: true,
    rateLimit: { requestCost: MIRO_MEMBERS_PAGE_COST, windowMs: MIRO_REST_WINDOW_MS },
    forbiddenHint:
      "The token's user must be a Company Admin of the Enterprise organization and the app needs organizations:read: reconnect with Create and Get OAuth Token, then Validate Connection.",
  };
}
