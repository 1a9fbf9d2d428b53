import { actorLabel, type Actor } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import { auditLog } from "../../db/schema";

/** @deprecated The audit-only actor shapes from before the one `Actor`; being replaced by it. */
export type AuditActor = { id: string; email: string } | { job: string };

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

function who(actor: Actor | AuditActor): { id: string | null; label: string } {
  if ("kind" in actor) return { id: actor.kind === "person" ? actor.id : null, label: actorLabel(actor) };
  return "id" in actor ? { id: actor.id, label: actor.email } : { id: null, label: actor.job };
}

/** Call inside the transaction of the change it records, so both land or neither does. */
export async function writeAudit(tx: DbOrTx, actor: Actor | AuditActor, entry: AuditInput): Promise<void> {
  const { id, label } = who(actor);
  await tx.insert(auditLog).values({
    actorId: id,
    actorLabel: label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    summary: entry.summary,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
