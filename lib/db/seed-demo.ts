import type { Db } from "./client";
import { users, type Role } from "./schema";
import { hashPassword } from "../auth/password";

/** The demo sign-ins printed at start and in the README (demo mode only; never in production). */
export const DEMO_PASSWORD = "opensam-demo";
export const DEMO_PEOPLE: readonly { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@example.com", name: "Ada Admin", roles: ["sam_admin"] },
  { email: "integrator@example.com", name: "Ian Integrator", roles: ["sam_integrator"] },
  { email: "user@example.com", name: "Uma User", roles: ["sam_user"] },
];

/** Idempotent: people who exist already are left as they are. */
export async function seedDemoPeople(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(users)
    .values(DEMO_PEOPLE.map((p) => ({ ...p, passwordHash })))
    .onConflictDoNothing();
}
