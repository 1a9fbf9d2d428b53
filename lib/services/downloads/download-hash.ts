import type { DownloadedSubscription } from "./map-member";
import type { SubscriptionDecision } from "./run-rules";

/*
 * The hash of what a download writes for one member: the vendor's values, the software model and the
 * exclusion. Stored with the row (`software_subscriptions.download_hash`); the next run sends only
 * (member id, hash) for every member and writes the few whose hash differs. 53 bits (a chance of
 * 1 in 9·10^15 that a change goes unnoticed, and then only until the member's next change), within
 * a JavaScript number and a PostgreSQL bigint.
 *
 * Times enter as the vendor wrote them, not parsed (parsing two dates per member was a tenth of the
 * run's time). The same instant written another way gives another hash; the member is then sent to
 * the upsert, which compares the values themselves and counts it unchanged.
 */

/** Bumped when the recipe changes: every row is then rewritten once. */
const RECIPE = 1;

/** cyrb53 by bryc (public domain): a fast, well-mixed 53-bit string hash. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Milliseconds since the epoch, as the row stores it; null stays null. */
export const epochMs = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Fields joined by a separator no email, identifier or id contains. */
const SEP = "\u0001";

export function downloadHash(row: DownloadedSubscription & SubscriptionDecision): number {
  const attributes = Object.keys(row.vendorAttributes).length > 0 ? JSON.stringify(row.vendorAttributes) : "";
  return cyrb53(
    RECIPE +
      SEP +
      row.userPrincipalName +
      SEP +
      row.subscriptionIdentifier +
      SEP +
      String(row.lastActivityAt) +
      SEP +
      String(row.subscriptionAssignedAt) +
      SEP +
      String(row.active) +
      SEP +
      String(row.role) +
      SEP +
      attributes +
      SEP +
      String(row.softwareModelId) +
      SEP +
      String(row.excluded) +
      SEP +
      String(row.identifierExclusionRuleId) +
      SEP +
      String(row.userExclusionRuleId),
  );
}
