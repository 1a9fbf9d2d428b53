import type { Role } from "../db/schema/users";

/**
 * Role → allowed actions (product.md §1). sam_integrator and sam_admin can do everything sam_user
 * can. This table is the single source of truth: every service verb checks it through `authorize`
 * (lib/auth/actor.ts), the edges through `requirePermission`, and the UI reads it only to hide what a
 * person cannot do.
 */
const EVERYONE: readonly Role[] = ["sam_user", "sam_integrator", "sam_admin"];
const INTEGRATOR: readonly Role[] = ["sam_integrator"];
const ADMIN: readonly Role[] = ["sam_admin"];

export const PERMISSIONS = {
  "workspace:view": EVERYONE,
  "lists:export": EVERYONE,
  "audit:view": EVERYONE,
  "candidates:act": EVERYONE,
  "profiles:manage": INTEGRATOR,
  "connections:manage": INTEGRATOR,
  "jobs:run": INTEGRATOR,
  "reclamation-rules:manage": ADMIN,
  "exclusions:manage": ADMIN,
  "identifiers:map": ADMIN,
  "user-resolution:manage": ADMIN,
  "directory:manage": ADMIN,
  "entitlements:manage": ADMIN,
  "reconciliation:run": ADMIN,
  "approvals:decide": ADMIN,
  "candidates:restore": ADMIN,
  "users:manage": ADMIN,
  /** Only where OPENSAM_TEST_CLOCK is on (tests, demos): move the app's date forward (lib/clock/app-clock.ts). */
  "test-clock:manage": ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

export const ROLE_LABELS: Record<Role, string> = {
  sam_user: "SAM user",
  sam_integrator: "SAM integrator",
  sam_admin: "SAM admin",
};
