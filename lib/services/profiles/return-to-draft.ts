import { and, eq, or } from "drizzle-orm";
import type { Tx } from "../../db";
import { integrationProfiles } from "../../db/schema";
import type { AuditActor } from "../audit/write-audit";
import { writeAudit } from "../audit/write-audit";

/**
 * A profile's connection changed: its last validation no longer says anything, and a published
 * profile goes back to Draft until it is validated and published again (product.md §3).
 */
export async function invalidateProfilesUsingAlias(tx: Tx, actor: AuditActor, aliasId: string, why: string): Promise<void> {
  const affected = await tx
    .select({ id: integrationProfiles.id, displayName: integrationProfiles.displayName, status: integrationProfiles.status })
    .from(integrationProfiles)
    .where(or(eq(integrationProfiles.downloadConnectionAliasId, aliasId), eq(integrationProfiles.reclaimConnectionAliasId, aliasId)));
  for (const p of affected) {
    await tx
      .update(integrationProfiles)
      .set({ status: "draft", lastValidationResult: null, lastValidatedAt: null, lastValidatedBy: null, updatedAt: new Date() })
      .where(and(eq(integrationProfiles.id, p.id)));
    if (p.status === "published") {
      await writeAudit(tx, actor, {
        action: "profile.unpublish",
        entityType: "integration_profile",
        entityId: p.id,
        summary: `${p.displayName} returned to Draft: ${why}`,
        before: { status: "published" },
        after: { status: "draft" },
      });
    }
  }
}
