import type { PersonActor } from "../../auth/actor";
import type { Permission } from "../../auth/permissions";
import type { DbOrTx } from "../../db";
import { writeAudit } from "./write-audit";

/** The audit action of a refusal at the edge (a server action, a route handler, a page). */
export const ACCESS_DENIED = "access.denied";

/**
 * Records that a signed-in person was refused: who, what they tried and the permission it needs;
 * never the input they sent (it may hold a password or a token). The refusal must stand whatever
 * happens here, so a failure to write is logged and swallowed, never thrown.
 */
export async function auditDenial(db: () => Promise<DbOrTx>, actor: PersonActor, permission: Permission, what: string): Promise<void> {
  try {
    await writeAudit(await db(), actor, {
      action: ACCESS_DENIED,
      entityType: "permission",
      entityId: permission,
      summary: `${actor.email} was refused: ${what} needs the ${permission} permission.`,
      after: { permission, what, roles: [...actor.roles] },
    });
  } catch (error) {
    console.error("[audit] could not record a refusal; the refusal stands", error);
  }
}
