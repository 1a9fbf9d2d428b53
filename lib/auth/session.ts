import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { forbidden as forbiddenPage, redirect } from "next/navigation";
import { getDb } from "../db";
import { users } from "../db/schema";
import { forbidden, unauthenticated } from "../errors";
import { auditDenial } from "../services/audit/audit-denial";
import { auth } from "./auth";
import { personActor, type PersonActor } from "./actor";
import { can, type Permission } from "./permissions";

/**
 * The signed-in person, read fresh from the database on every request: a deactivated account or a
 * role taken away stops working at once, not when the session token expires.
 */
export const currentActor = cache(async (): Promise<PersonActor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, roles: users.roles, active: users.active })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!user?.active) return null;
  return personActor(user);
});

/**
 * One audit row per refusal: a page's layout and the page itself may both refuse the same request,
 * and React's per-request cache keeps that to one row (the actor object is the request's own).
 */
const recordDenial = cache((actor: PersonActor, permission: Permission, what: string) => auditDenial(getDb, actor, permission, what));

/**
 * The one check every server action and route handler calls first. A refusal of a signed-in person
 * is audited; no session is only "sign in again" (there is nobody to record).
 */
export async function requirePermission(permission: Permission, what?: string): Promise<PersonActor> {
  const actor = await currentActor();
  if (!actor) throw unauthenticated();
  if (!can(actor.roles, permission)) {
    await recordDenial(actor, permission, what ?? "do this");
    throw forbidden(what);
  }
  return actor;
}

/**
 * For pages: the signed-in person, or a redirect to the sign-in page. A person without the
 * permission sees the "not allowed" page instead of the content.
 */
export async function requirePageActor(permission: Permission = "workspace:view"): Promise<PersonActor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (!can(actor.roles, permission)) {
    await recordDenial(actor, permission, "open this page");
    forbiddenPage();
  }
  return actor;
}
