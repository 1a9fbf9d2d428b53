import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { subscriptionIdentifierExclusionRules as rules } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import { profileTypeLabel } from "../identifiers/profile-types";
import { reapplyExclusions } from "../subscriptions/reapply-exclusions";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { createIdentifierExclusionInput } from "./exclusion-input";
import { isUniqueViolation } from "./unique-violation";

/**
 * A new **Subscription Identifier Exclusion Rule** for a profile type. Existing subscriptions of
 * every profile of the type are re-marked in the same transaction, so the list shows them excluded
 * at once rather than after the next download.
 */
export async function createIdentifierExclusion(ctx: ServiceContext, raw: z.input<typeof createIdentifierExclusionInput>): Promise<{ id: string; changed: number }> {
  authorize(ctx.actor, "exclusions:manage", "manage exclusion rules");
  const input = parseInput(createIdentifierExclusionInput, raw);
  const run = ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: rules.id, active: rules.active })
      .from(rules)
      .where(and(eq(rules.profileType, input.profileType), eq(rules.identifier, input.identifier)))
      .limit(1);
    if (existing) {
      const message = existing.active
        ? "A rule for this identifier exists already."
        : "A rule for this identifier exists already but is inactive: activate it in the list.";
      throw new ServiceError("conflict", message, { identifier: [message] });
    }
    const [row] = await tx
      .insert(rules)
      .values({ profileType: input.profileType, identifier: input.identifier, reason: input.reason, createdBy: actorUserId(ctx.actor) })
      .returning({ id: rules.id });
    if (!row) throw new ServiceError("internal", "The rule could not be created.");
    const { changed } = await reapplyExclusions(tx, { profileType: input.profileType });
    await writeAudit(tx, ctx.actor, {
      action: "exclusion_rule.create",
      entityType: "subscription_identifier_exclusion_rule",
      entityId: row.id,
      summary: `Created identifier exclusion rule ${input.identifier} (${profileTypeLabel(input.profileType)}); ${changed} subscription${changed === 1 ? "" : "s"} re-marked`,
      after: { profileType: input.profileType, identifier: input.identifier, reason: input.reason, active: true },
    });
    return { id: row.id, changed };
  });
  return run.catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", "A rule for this identifier exists already.", { identifier: ["A rule for this identifier exists already."] });
    throw error;
  });
}
