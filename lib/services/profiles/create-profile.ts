import type { Db } from "../../db";
import { integrationProfiles } from "../../db/schema";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { writeAudit } from "../audit/write-audit";
import { displayNameTaken, isDisplayNameTaken } from "./get-profile";
import type { CreateProfileInput } from "./profile-input";

/** **Save** on a new profile: a Draft pointing at the vendor's default aliases. */
export async function createProfile(db: Db, actor: ServiceActor, input: CreateProfileInput): Promise<{ id: string }> {
  assertCan(actor, "profiles:manage", "create integration profiles");
  const adapter = getAdapter(input.vendorId);
  try {
    return await db.transaction(async (tx) => {
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
          createdBy: actor.id,
        })
        .returning();
      if (!created) throw new ServiceError("internal", "The profile could not be saved.");
      await writeAudit(tx, actor, {
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
