import { and, eq, or } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import type { Tx } from "../../db";
import { integrationProfiles } from "../../db/schema";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";

const inputSchema = z.object({ aliasId: z.string().min(1).max(200), why: z.string().min(1).max(500) });

/**
 * A profile's connection changed: its last validation no longer says anything, and a published
 * profile goes back to Draft until it is validated and published again (product.md §3). A step of
 * a connection change, so it runs in that change's transaction (`ctx.db`).
 */
export async function invalidateProfilesUsingAlias(ctx: ServiceContext & { db: Tx }, raw: z.input<typeof inputSchema>): Promise<void> {
  authorize(ctx.actor, "connections:manage", "change connections");
  const { aliasId, why } = parseInput(inputSchema, raw);
  const tx = ctx.db;
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
      await writeAudit(tx, ctx.actor, {
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
