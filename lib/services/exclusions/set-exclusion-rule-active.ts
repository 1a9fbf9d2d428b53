import { eq } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { subscriptionIdentifierExclusionRules as identifierRules, subscriptionUserExclusionRules as userRules } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import { reapplyExclusions } from "../subscriptions/reapply-exclusions";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { setExclusionRuleActiveInput } from "./exclusion-input";

/**
 * Deactivate (or activate again) an exclusion rule. Rules are kept rather than deleted, so the
 * audit trail keeps saying which rule excluded what; the subscriptions it covers are re-marked in
 * the same transaction.
 */
export async function setExclusionRuleActive(ctx: ServiceContext, raw: z.input<typeof setExclusionRuleActiveInput>): Promise<{ label: string; changed: number }> {
  authorize(ctx.actor, "exclusions:manage", "manage exclusion rules");
  const input = parseInput(setExclusionRuleActiveInput, raw);
  return ctx.db.transaction(async (tx) => {
    let label: string;
    let scope: { profileType?: string } | undefined;
    if (input.kind === "identifier") {
      const [before] = await tx.select().from(identifierRules).where(eq(identifierRules.id, input.id)).for("update").limit(1);
      if (!before) throw new ServiceError("not_found", "This exclusion rule no longer exists.");
      if (before.active === input.active) return { label: before.identifier, changed: 0 };
      await tx.update(identifierRules).set({ active: input.active, updatedAt: new Date() }).where(eq(identifierRules.id, input.id));
      label = before.identifier;
      scope = { profileType: before.profileType };
    } else {
      const [before] = await tx.select().from(userRules).where(eq(userRules.id, input.id)).for("update").limit(1);
      if (!before) throw new ServiceError("not_found", "This exclusion rule no longer exists.");
      if (before.active === input.active) return { label: before.userPrincipalName, changed: 0 };
      await tx.update(userRules).set({ active: input.active, updatedAt: new Date() }).where(eq(userRules.id, input.id));
      label = before.userPrincipalName;
    }
    const { changed } = await reapplyExclusions(tx, scope);
    await writeAudit(tx, ctx.actor, {
      action: input.active ? "exclusion_rule.activate" : "exclusion_rule.deactivate",
      entityType: input.kind === "identifier" ? "subscription_identifier_exclusion_rule" : "subscription_user_exclusion_rule",
      entityId: input.id,
      summary: `${input.active ? "Activated" : "Deactivated"} ${input.kind} exclusion rule ${label}; ${changed} subscription${changed === 1 ? "" : "s"} re-marked`,
      before: { active: !input.active },
      after: { active: input.active },
    });
    return { label, changed };
  });
}
