import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../../db";
import {
  integrationProfiles,
  reclamationRules,
  scheduledJobs,
  softwareModels,
  subscriptionIdentifierExclusionRules,
  subscriptionIdentifiers,
  type IntegrationProfile,
} from "../../db/schema";
import { actorUserId, authorize } from "../../auth/actor";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import type { VendorAdapter } from "../../integrations/types";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getProfile } from "./get-profile";
import { profileIdInput } from "./profile-input";

export const refreshJobName = (displayName: string) => `SAM - Refresh ${displayName} Subscriptions`;
/** Daily at 02:00 UTC. */
export const DAILY_DOWNLOAD_CRON = "0 2 * * *";

/**
 * The software model of a paid identifier, shared by every profile of the type (two Miro
 * organizations both map `full` to "Miro Enterprise — Full"); created with its reclamation rule
 * (product.md §5 defaults) the first time.
 */
async function ensureModel(tx: Tx, createdBy: string | null, profile: IntegrationProfile, adapter: VendorAdapter<unknown>, identifier: string) {
  const [mapped] = await tx
    .select({ modelId: subscriptionIdentifiers.softwareModelId })
    .from(subscriptionIdentifiers)
    .where(and(eq(subscriptionIdentifiers.profileType, profile.profileType), eq(subscriptionIdentifiers.identifier, identifier), isNull(subscriptionIdentifiers.profileId)))
    .limit(1);
  if (mapped) return { modelId: mapped.modelId, created: false };
  const name = adapter.modelName(identifier);
  const [model] = await tx
    .insert(softwareModels)
    .values({ displayName: name.name, publisher: name.publisher, product: name.product, edition: name.edition, source: "auto", profileId: profile.id, createdBy })
    .returning({ id: softwareModels.id });
  if (!model) throw new ServiceError("internal", "A software model could not be created.");
  await tx.insert(subscriptionIdentifiers).values({ profileType: profile.profileType, identifier, softwareModelId: model.id, createdBy });
  await tx
    .insert(reclamationRules)
    .values({ name: `${name.name} — unused for 60 days`, softwareModelId: model.id, profileId: profile.id, createdBy })
    .onConflictDoNothing();
  return { modelId: model.id, created: true };
}

/**
 * **Publish Confirmation › OK**: only after a successful validation. Creates the software models of
 * the vendor's paid identifiers, one reclamation rule per model, the identifier exclusion rules for
 * free licenses, and the daily job "SAM - Refresh <Display Name> Subscriptions". Idempotent.
 */
export async function publishProfile(ctx: ServiceContext, raw: { id: string }): Promise<{ jobId: string }> {
  authorize(ctx.actor, "profiles:manage", "publish integration profiles");
  const { id } = parseInput(profileIdInput, raw);
  const createdBy = actorUserId(ctx.actor);
  const profile = await getProfile(ctx, { id });
  if (!profile.lastValidationResult?.ok) {
    throw new ServiceError("conflict", "Validate Connection first: Publish needs every download check to pass.");
  }
  const adapter = getAdapter(profile.vendorId);
  const settings = adapter.settingsSchema.parse(profile.settings);
  return ctx.db.transaction(async (tx) => {
    const created: string[] = [];
    for (const identifier of adapter.paidIdentifiers(settings)) {
      const r = await ensureModel(tx, createdBy, profile, adapter, identifier);
      if (r.created) created.push(identifier);
    }
    for (const identifier of adapter.defaultExcludedIdentifiers(settings)) {
      await tx
        .insert(subscriptionIdentifierExclusionRules)
        .values({ profileType: profile.profileType, identifier, reason: "Free license: no cost to reclaim", createdBy })
        .onConflictDoNothing();
    }
    await tx
      .insert(scheduledJobs)
      .values({ name: refreshJobName(profile.displayName), kind: "download_subscriptions", profileId: profile.id, cron: DAILY_DOWNLOAD_CRON, createdBy })
      .onConflictDoNothing();
    const [job] = await tx
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.profileId, profile.id), eq(scheduledJobs.kind, "download_subscriptions")));
    await tx
      .update(integrationProfiles)
      .set({ status: "published", publishedAt: new Date(), publishedBy: createdBy, updatedAt: new Date() })
      .where(eq(integrationProfiles.id, id));
    await writeAudit(tx, ctx.actor, {
      action: "profile.publish",
      entityType: "integration_profile",
      entityId: id,
      summary: `Published ${profile.displayName}${created.length ? `; created software models for ${created.join(", ")}` : ""}`,
      before: { status: profile.status },
      after: { status: "published", job: refreshJobName(profile.displayName) },
    });
    return { jobId: job!.id };
  });
}
