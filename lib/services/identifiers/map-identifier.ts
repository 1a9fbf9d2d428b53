import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { softwareModels, subscriptionIdentifiers, reclamationRules } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import { applyIdentifierMapping } from "../subscriptions/apply-identifier-mapping";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { mapIdentifierInput } from "./identifier-input";
import { modelNaming, profileTypeLabel } from "./profile-types";

export type MapIdentifierResult = { modelId: string; modelName: string; createdModel: boolean; updated: number };

/**
 * **Map to model** on an unrecognized identifier: writes the identifier map entry for the profile
 * type (profile_id null, as Publish does for the known identifiers), creating the model first when
 * the person typed a new name, and re-points every current subscription with that identifier at
 * once; the audit row, the map entry and the subscriptions land in one transaction or not at all.
 */
export async function mapIdentifier(ctx: ServiceContext, raw: z.input<typeof mapIdentifierInput>): Promise<MapIdentifierResult> {
  authorize(ctx.actor, "identifiers:map", "map subscription identifiers to software models");
  const input = parseInput(mapIdentifierInput, raw);
  const createdBy = actorUserId(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    let model: { id: string; displayName: string } | undefined;
    let createdModel = false;
    if (input.choice === "new") {
      const name = input.newModelName!;
      const [taken] = await tx
        .select({ id: softwareModels.id })
        .from(softwareModels)
        .where(sql`lower(${softwareModels.displayName}) = ${name.toLowerCase()}`)
        .limit(1);
      if (taken) {
        throw new ServiceError("conflict", "A software model with this name exists.", {
          newModelName: ["A software model with this name exists: choose it from the list instead."],
        });
      }
      const naming = modelNaming(input.profileType, input.identifier);
      [model] = await tx
        .insert(softwareModels)
        .values({ displayName: name, ...naming, source: "custom", profileId: input.profileId ?? null, createdBy })
        .returning({ id: softwareModels.id, displayName: softwareModels.displayName });
      createdModel = true;
      // Like the models created at Publish, a new model gets its reclamation rule with the defaults.
      if (model) {
        await tx
          .insert(reclamationRules)
          .values({ name: `${model.displayName} — unused for 60 days`, softwareModelId: model.id, profileId: input.profileId ?? null, createdBy })
          .onConflictDoNothing();
      }
    } else {
      [model] = await tx
        .select({ id: softwareModels.id, displayName: softwareModels.displayName })
        .from(softwareModels)
        .where(eq(softwareModels.id, input.modelId!))
        .limit(1);
      if (!model) throw new ServiceError("not_found", "This software model no longer exists.", { modelId: ["This software model no longer exists."] });
    }
    if (!model) throw new ServiceError("internal", "The software model could not be created.");

    const scope = and(
      eq(subscriptionIdentifiers.profileType, input.profileType),
      eq(subscriptionIdentifiers.identifier, input.identifier),
      isNull(subscriptionIdentifiers.profileId),
    );
    const [before] = await tx.select().from(subscriptionIdentifiers).where(scope).for("update").limit(1);
    let mapId = before?.id;
    if (before) {
      await tx.update(subscriptionIdentifiers).set({ softwareModelId: model.id, updatedAt: new Date() }).where(eq(subscriptionIdentifiers.id, before.id));
    } else {
      const [row] = await tx
        .insert(subscriptionIdentifiers)
        .values({ profileType: input.profileType, identifier: input.identifier, softwareModelId: model.id, createdBy })
        .returning({ id: subscriptionIdentifiers.id });
      mapId = row?.id;
    }
    const { updated } = await applyIdentifierMapping(tx, { profileType: input.profileType, identifier: input.identifier, softwareModelId: model.id, resolvedBy: createdBy });
    await writeAudit(tx, ctx.actor, {
      action: "identifier.map",
      entityType: "subscription_identifier",
      entityId: mapId ?? null,
      summary: `Mapped ${input.identifier} (${profileTypeLabel(input.profileType)}) to ${model.displayName}${createdModel ? " (new model)" : ""}; ${updated} subscription${updated === 1 ? "" : "s"} updated`,
      before: before ? { softwareModelId: before.softwareModelId } : null,
      after: { profileType: input.profileType, identifier: input.identifier, softwareModelId: model.id, createdModel, updated },
    });
    return { modelId: model.id, modelName: model.displayName, createdModel, updated };
  });
}
