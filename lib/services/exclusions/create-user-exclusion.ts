import { sql } from "drizzle-orm";
import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { subscriptionUserExclusionRules as rules } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import { reapplyExclusions } from "../subscriptions/reapply-exclusions";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { createUserExclusionInput } from "./exclusion-input";
import { isUniqueViolation } from "./unique-violation";

/**
 * A new **Subscription User Exclusion Rule** (by user principal name, any case, across all
 * profiles): that person's subscriptions are re-marked excluded in the same transaction.
 */
export async function createUserExclusion(ctx: ServiceContext, raw: z.input<typeof createUserExclusionInput>): Promise<{ id: string; changed: number }> {
  authorize(ctx.actor, "exclusions:manage", "manage exclusion rules");
  const input = parseInput(createUserExclusionInput, raw);
  const run = ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: rules.id, active: rules.active })
      .from(rules)
      .where(sql`lower(${rules.userPrincipalName}) = ${input.userPrincipalName.toLowerCase()}`)
      .limit(1);
    if (existing) {
      const message = existing.active
        ? "A rule for this user principal name exists already."
        : "A rule for this user principal name exists already but is inactive: activate it in the list.";
      throw new ServiceError("conflict", message, { userPrincipalName: [message] });
    }
    const [row] = await tx
      .insert(rules)
      .values({ userPrincipalName: input.userPrincipalName, reason: input.reason, createdBy: actorUserId(ctx.actor) })
      .returning({ id: rules.id });
    if (!row) throw new ServiceError("internal", "The rule could not be created.");
    const { changed } = await reapplyExclusions(tx);
    await writeAudit(tx, ctx.actor, {
      action: "exclusion_rule.create",
      entityType: "subscription_user_exclusion_rule",
      entityId: row.id,
      summary: `Created user exclusion rule ${input.userPrincipalName}; ${changed} subscription${changed === 1 ? "" : "s"} re-marked`,
      after: { userPrincipalName: input.userPrincipalName, reason: input.reason, active: true },
    });
    return { id: row.id, changed };
  });
  return run.catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", "A rule for this user principal name exists already.", { userPrincipalName: ["A rule for this user principal name exists already."] });
    throw error;
  });
}
