import "server-only";
import type { DownloadedSubscription, SubscriptionDecision } from "./types";


/*
 * The hash of what a download writes for one member: its id, the vendor's values, the software model
 * and the exclusion. With the id in it, the exclusive or of a batch's hashes stands for the batch as a
 * whole (write-page.ts compares it with the stored rows' in one aggregate). Stored with the row
 * (`software_subscriptions.download_hash`); the next run sends only (member id, hash) for every
 * member and writes the few whose hash differs. 53 bits, within a JavaScript number and a PostgreSQL
 * bigint.
 *
 * Times enter as the vendor wrote them, not parsed: the same instant written another way gives
 * another hash, and the upsert, which compares the values themselves, then counts it unchanged.
 *
 * The run's decision (model, exclusion) is one of a handful per run: its own hash is computed once
 * and mixed into the member's before the final avalanche. It must not be combined linearly (an
 * exclusive or): two members moving between the same two decisions would then cancel out in the
 * batch's exclusive or, and the batch would look unchanged (recipe 3 did that; recipe 4 does not).
 * The vendor's adapter computes the same number straight from its member (`hashFields`).
 */

/** Bumped when the recipe changes: every row is then rewritten once. */
const RECIPE = 4;

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

type Decision = Pick<SubscriptionDecision, "softwareModelId" | "excluded" | "identifierExclusionRuleId" | "userExclusionRuleId">;

/*
 * A run meets a handful of decisions (a model and perhaps a rule per identifier), shared by thousands
 * of members: their hash is kept, looked up by the decision's own strings (whose map keys V8 has
 * already hashed) rather than hashed again for every member.
 */
const DECISION_CACHE_LIMIT = 10_000;
type ByUserRule = Map<string | null, [notExcluded: number | undefined, excluded: number | undefined]>;
let decisionCache = new Map<string | null, Map<string | null, ByUserRule>>();
let decisionCacheSize = 0;

function decisionHash(d: Decision): number {
  let byIdentifierRule = decisionCache.get(d.softwareModelId);
  if (!byIdentifierRule) {
    byIdentifierRule = new Map();
    decisionCache.set(d.softwareModelId, byIdentifierRule);
  }
  let byUserRule = byIdentifierRule.get(d.identifierExclusionRuleId);
  if (!byUserRule) {
    byUserRule = new Map();
    byIdentifierRule.set(d.identifierExclusionRuleId, byUserRule);
  }
  let pair = byUserRule.get(d.userExclusionRuleId);
  const slot = d.excluded ? 1 : 0;
  const cached = pair?.[slot];
  if (cached !== undefined) return cached;
  const hash = cyrb53(String(d.softwareModelId) + SEP + String(d.excluded) + SEP + String(d.identifierExclusionRuleId) + SEP + String(d.userExclusionRuleId), RECIPE);
  if (decisionCacheSize >= DECISION_CACHE_LIMIT) {
    decisionCache = new Map();
    decisionCacheSize = 0;
    return hash;
  }
  if (!pair) {
    pair = [undefined, undefined];
    byUserRule.set(d.userExclusionRuleId, pair);
  }
  pair[slot] = hash;
  decisionCacheSize += 1;
  return hash;
}

/*
 * cyrb53 fed field by field, each followed by a separator (1), instead of over the fields joined in
 * one string: the same mixing without building a string per member. The state lives in two module
 * variables between the calls.
 */
let h1 = 0;
let h2 = 0;
function feed(text: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 2654435761);
    b = Math.imul(b ^ ch, 1597334677);
  }
  h1 = Math.imul(a ^ 1, 2654435761);
  h2 = Math.imul(b ^ 1, 1597334677);
}
function finish(): number {
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  let b = h2;
  a ^= Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (2097151 & b) + (a >>> 0);
}

const nullable = (value: string | null): string => (value === null ? "\u0000" : value);

export function downloadHash(row: DownloadedSubscription & SubscriptionDecision): number {
  let attributes: string | null = null;
  for (const _ in row.vendorAttributes) {
    attributes = JSON.stringify(row.vendorAttributes);
    break;
  }
  return hashFields(
    row.externalUserId,
    row.userPrincipalName,
    row.subscriptionIdentifier,
    row.lastActivityAt,
    row.subscriptionAssignedAt,
    row.active,
    row.role,
    attributes,
    row,
  );
}

/**
 * `downloadHash` from the values themselves, for a caller that has them without a row (the download
 * hashes every member it reads, and builds rows only for the few batches it must write).
 * `vendorAttributes` is the JSON of a non-empty `vendorAttributes`, else null.
 */
export function hashFields(
  externalUserId: string,
  userPrincipalName: string,
  subscriptionIdentifier: string,
  lastActivityAt: string | null,
  subscriptionAssignedAt: string | null,
  active: boolean,
  role: string | null,
  vendorAttributes: string | null,
  decision: Decision,
): number {
  h1 = 0xdeadbeef ^ RECIPE;
  h2 = 0x41c6ce57 ^ RECIPE;
  feed(externalUserId);
  feed(userPrincipalName);
  feed(subscriptionIdentifier);
  feed(nullable(lastActivityAt));
  feed(nullable(subscriptionAssignedAt));
  feed(active ? "t" : "f");
  feed(nullable(role));
  if (vendorAttributes !== null) feed(vendorAttributes);
  const d = decisionHash(decision);
  h1 = Math.imul(h1 ^ (d >>> 0), 2654435761);
  h2 = Math.imul(h2 ^ Math.floor(d / 4294967296), 1597334677);
  return finish();
}

/** The exclusive or of 53-bit hashes (a batch's checksum; PostgreSQL's `bit_xor` of the stored ones). */
export function xor53(hashes: Iterable<number>): number {
  let high = 0;
  let low = 0;
  for (const h of hashes) {
    high ^= Math.floor(h / 4294967296);
    low = (low ^ (h >>> 0)) >>> 0;
  }
  return (high & 2097151) * 4294967296 + low;
}
