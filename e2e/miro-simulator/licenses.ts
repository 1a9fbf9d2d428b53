/**
 * Miro's license and role vocabularies (miro-api.md §2.3, §3.6, §3.11).
 * The REST enums are closed here because the simulator generates the data; clients must keep them open.
 */

export const LICENSES = [
  "advanced",
  "standard",
  "basic",
  "full",
  "occasional",
  "free",
  "free_restricted",
  "full_trial",
  "unknown",
] as const;
export type License = (typeof LICENSES)[number];

export const ROLES = [
  "organization_internal_admin",
  "organization_internal_user",
  "organization_external_user",
  "organization_team_guest_user",
  "unknown",
] as const;
export type Role = (typeof ROLES)[number];

export function isLicense(value: string): value is License {
  return (LICENSES as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * SCIM `userType` strings per REST license. "Full" is documented; the others follow the 2026
 * createUser list ("Full, Free, Free Restricted, Full (Trial), Basic, Standard, Advanced").
 * "Occasional" is not documented anywhere, so it is the reference's inference, overridable by option.
 */
export const DEFAULT_USER_TYPES: Record<License, string> = {
  full: "Full",
  occasional: "Occasional",
  free: "Free",
  free_restricted: "Free Restricted",
  full_trial: "Full (Trial)",
  basic: "Basic",
  standard: "Standard",
  advanced: "Advanced",
  unknown: "Unknown",
};

/**
 * Order used to decide whether a SCIM userType change is a downgrade. Miro only documents that
 * "Full" is an upgrade from Free/Free Restricted and that downgrades are refused; the placement of
 * the 2026 tiers (basic/standard/advanced) around "full" is an assumption documented in the README.
 */
export const LICENSE_RANK: Record<License, number> = {
  unknown: -1,
  free_restricted: 0,
  free: 1,
  occasional: 2,
  full_trial: 3,
  basic: 4,
  full: 5,
  standard: 6,
  advanced: 7,
};

/** Roles that SCIM does not expose: /Users hides them and GET /Users/{id} answers 404 (§3.4, §3.5). */
export function isGuestRole(role: Role): boolean {
  return role === "organization_external_user" || role === "organization_team_guest_user";
}

/** SCIM `roles` values of type organization_user_role (baton-miro role table, §3.11). */
export function scimRoleValue(role: Role): string {
  return role.toUpperCase();
}
