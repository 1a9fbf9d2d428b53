import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { integrationProfiles } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { displayNameTaken, isDisplayNameTaken } from "./get-profile";
import { createProfileInput } from "./profile-input";

/** **Save** on a new profile: a Draft pointing at the vendor's default aliases. */
export async function createProfile(ctx: ServiceContext, raw: z.input<typeof createProfileInput>): Promise<{ id: string }> {
  authorize(ctx.actor, "profiles:manage", "create integration profiles");
  const input = parseInput(createProfileInput, raw);
  const adapter = getAdapter(input.vendorId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(integrationProfiles)
        .values({
          displayName: input.displayName,
          status: "draft",
          profileType: adapter.profileType.id,
          vendorId: adapter.id,
          downloadConnectionAliasId: adapter.aliases.download.id,
          reclaimEnabled: input.reclaimEnabled,
          reclaimConnectionAliasId: adapter.aliases.reclaim.id,
          settings: adapter.settingsSchema.parse({}) as Record<string, unknown>,
          createdBy: actorUserId(ctx.actor),
        })
        .returning();
      if (!created) throw new ServiceError("internal", "The profile could not be saved.");
      await writeAudit(tx, ctx.actor, {
        action: "profile.create",
        entityType: "integration_profile",
        entityId: created.id,
        summary: `Created ${adapter.profileType.label} profile ${created.displayName} (Draft)`,
        after: { displayName: created.displayName, reclaimEnabled: created.reclaimEnabled },
      });
      return { id: created.id };
    });
  } catch (error) {
    if (isDisplayNameTaken(error)) throw displayNameTaken();
    throw error;
  }
}
