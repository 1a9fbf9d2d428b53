import "server-only";
import { getDb } from "../db";
import { writeAudit } from "../services/audit/write-audit";
import type { PersonActor } from "./actor";
import type { Permission } from "./permissions";

/**
 * One audit row for a refusal at the edge (a server action, a route handler, a page): who tried,
 * what, and the permission it needs. A failure to write it is logged and never changes the refusal.
 */
export async function auditDenial(actor: PersonActor, permission: Permission, what: string | undefined, where: "action" | "page"): Promise<void> {
  try {
    await writeAudit(await getDb(), actor, {
      action: "access.denied",
      entityType: "permission",
      entityId: permission,
      summary: `Refused ${actor.email}: ${what ?? permission} (needs ${permission}; ${where})`,
    });
  } catch (error) {
    console.error("[audit] could not record a refusal", error);
  }
}
