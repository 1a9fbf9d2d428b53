import "server-only";
import { hashFields } from "../download-hash";
import type { DownloadedSubscription, SubscriptionDecision } from "../types";
import type { MiroMember } from "./api-types";

/*
 * How one Miro organization member becomes the downloaded values of a software subscription
 * (product.md §4.3). Pure: no I/O, no clock.
 */

/** "If the user never logged in, the parameter value is empty": absent, null, "" and blanks all mean none. */
export function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // A value that starts with a visible ASCII character is not blank (the usual case, without a trim).
  if (value.length > 0 && visibleAscii(value.charCodeAt(0))) return value;
  return value.trim() === "" ? null : value;
}

const visibleAscii = (c: number) => c > 32 && c < 127;

/** `value.trim()`, without the call when both ends are visible ASCII characters (the usual case). */
function trimmed(value: string): string {
  const n = value.length;
  return n > 0 && visibleAscii(value.charCodeAt(0)) && visibleAscii(value.charCodeAt(n - 1)) ? value : value.trim();
}

/** A Miro member (already validated by the members page schema) as subscription values. */
export function mapMiroMember(member: MiroMember): DownloadedSubscription {
  const adminRoles = member.adminRoles ?? [];
  return {
    externalUserId: member.id,
    userPrincipalName: trimmed(member.email),
    subscriptionIdentifier: member.license,
    lastActivityAt: emptyToNull(member.lastActivityAt),
    subscriptionAssignedAt: emptyToNull(member.licenseAssignedAt),
    active: member.active,
    role: emptyToNull(member.role),
    vendorAttributes: adminRoles.length > 0 ? { adminRoles } : {},
  };
}

/** The user principal name a member maps to (`mapMiroMember(member).userPrincipalName`). */
export const miroUserPrincipalName = (member: MiroMember): string => trimmed(member.email);

/**
 * The download hash of the subscription a member maps to under `decision`: the same number as
 * `downloadHash` of `mapMiroMember(member)` with the decision, without building either object. The
 * download hashes every member it reads and builds rows only for the batches it writes.
 */
export function hashMiroMember(member: MiroMember, decision: SubscriptionDecision): number {
  const roles = member.adminRoles;
  return hashFields(
    member.id,
    trimmed(member.email),
    member.license,
    emptyToNull(member.lastActivityAt),
    emptyToNull(member.licenseAssignedAt),
    member.active,
    emptyToNull(member.role),
    roles !== undefined && roles.length > 0 ? JSON.stringify({ adminRoles: roles }) : null,
    decision,
  );
}
