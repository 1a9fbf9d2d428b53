import { eq } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { integrationProfiles, scheduledJobs } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { writeAudit } from "../audit/write-audit";
import { aliasesById, rootAliasId } from "../connections/aliases";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { displayNameTaken, getProfile, isDisplayNameTaken } from "./get-profile";
import { updateProfileInput } from "./profile-input";
import { refreshJobName } from "./publish-profile";

/**
 * **Save** on an existing profile. Pointing a subflow at another alias (the vendor's alias or one of
 * its children) clears the validation, and a published profile returns to Draft (product.md §3).
 */
export async function updateProfile(ctx: ServiceContext, raw: z.input<typeof updateProfileInput>): Promise<{ backToDraft: boolean }> {
  authorize(ctx.actor, "profiles:manage", "edit integration profiles");
  const input = parseInput(updateProfileInput, raw);
  const db = ctx.db;
  const before = await getProfile(ctx, { id: input.id });
  const adapter = getAdapter(before.vendorId);
  const aliases = await aliasesById(db, [input.downloadConnectionAliasId, input.reclaimConnectionAliasId]);
  const download = aliases.get(input.downloadConnectionAliasId);
  const reclaim = aliases.get(input.reclaimConnectionAliasId);
  if (!download || rootAliasId(download) !== adapter.aliases.download.id) {
    throw new ServiceError("invalid_input", "Choose the download alias or one of its child aliases.", {
      downloadConnectionAliasId: [`Choose ${adapter.aliases.download.id} or one of its child aliases.`],
    });
  }
  if (!reclaim || rootAliasId(reclaim) !== adapter.aliases.reclaim.id) {
    throw new ServiceError("invalid_input", "Choose the reclaim alias or one of its child aliases.", {
      reclaimConnectionAliasId: [`Choose ${adapter.aliases.reclaim.id} or one of its child aliases.`],
    });
  }
  const connectionChanged =
    before.downloadConnectionAliasId !== input.downloadConnectionAliasId || before.reclaimConnectionAliasId !== input.reclaimConnectionAliasId;
  const backToDraft = connectionChanged && before.status === "published";
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(integrationProfiles)
        .set({
          displayName: input.displayName,
          reclaimEnabled: input.reclaimEnabled,
          removalGuardPercent: input.removalGuardPercent,
          downloadConnectionAliasId: input.downloadConnectionAliasId,
          reclaimConnectionAliasId: input.reclaimConnectionAliasId,
          ...(connectionChanged ? { status: "draft" as const, lastValidationResult: null, lastValidatedAt: null, lastValidatedBy: null } : {}),
          updatedAt: new Date(),
        })
        .where(eq(integrationProfiles.id, input.id));
      if (before.displayName !== input.displayName) {
        // The daily job is named after the profile.
        await tx.update(scheduledJobs).set({ name: refreshJobName(input.displayName), updatedAt: new Date() }).where(eq(scheduledJobs.profileId, input.id));
      }
      await writeAudit(tx, ctx.actor, {
        action: "profile.update",
        entityType: "integration_profile",
        entityId: input.id,
        summary: `Updated ${input.displayName}${backToDraft ? " (connection changed: back to Draft)" : ""}`,
        before: { displayName: before.displayName, reclaimEnabled: before.reclaimEnabled, removalGuardPercent: before.removalGuardPercent, downloadConnectionAliasId: before.downloadConnectionAliasId, reclaimConnectionAliasId: before.reclaimConnectionAliasId, status: before.status },
        after: { displayName: input.displayName, reclaimEnabled: input.reclaimEnabled, removalGuardPercent: input.removalGuardPercent, downloadConnectionAliasId: input.downloadConnectionAliasId, reclaimConnectionAliasId: input.reclaimConnectionAliasId, status: connectionChanged ? "draft" : before.status },
      });
    });
  } catch (error) {
    if (isDisplayNameTaken(error)) throw displayNameTaken();
    throw error;
  }
  return { backToDraft };
}
