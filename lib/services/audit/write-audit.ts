import type { DbOrTx } from "../../db";
import { auditLog } from "../../db/schema";

export type AuditActor = { id: string; email: string } | { job: string };

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

/** Call inside the transaction of the change it records, so both land or neither does. */
export async function writeAudit(tx: DbOrTx, actor: AuditActor, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: "id" in actor ? actor.id : null,
    actorLabel: "id" in actor ? actor.email : actor.job,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: entry.summary,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
