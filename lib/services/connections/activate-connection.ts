import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "../../db";
import { connections } from "../../db/schema";
import type { AuditActor } from "../audit/write-audit";
import { invalidateProfilesUsingAlias } from "../profiles/return-to-draft";

/**
 * Makes a connection the alias's active one: the previous one becomes inactive (kept for the audit
 * trail) and the profiles using the alias must be validated again.
 */
export async function activateConnection(tx: Tx, actor: AuditActor, aliasId: string, connectionId: string, values: Partial<typeof connections.$inferInsert>) {
  await tx
    .update(connections)
    .set({ status: "inactive", updatedAt: new Date() })
    .where(and(eq(connections.aliasId, aliasId), eq(connections.status, "active"), ne(connections.id, connectionId)));
  await tx
    .update(connections)
    .set({ ...values, status: "active", lastError: null, lastErrorAt: null, updatedAt: new Date() })
    .where(eq(connections.id, connectionId));
  await invalidateProfilesUsingAlias(tx, actor, aliasId, "its connection & credential changed");
}
