import "server-only";
import { actorLabel, actorUserId, type Actor } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import { auditLog } from "../../db/schema";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

/** Call inside the transaction of the change it records, so both land or neither does. */
export async function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actorUserId(actor),
    actorLabel: actorLabel(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: entry.summary,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
