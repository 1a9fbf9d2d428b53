import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { resultRows } from "../../db/driver";
import { directoryUsers, reclamationRules, removalCandidates, softwareModels, type ReclamationRule } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { ruleSettings } from "./rule-settings";
import { eligibleCandidatesSql } from "./eligible";
import { generateCandidates, type GenerationOutcome } from "./generate-candidates";
import { noticeMail } from "./notice-email";
import { dueDateWords, sendNotices } from "./notify";
import { noticePreviewSchema, previewInputSchema, ruleInputSchema } from "./rule-input";

export type RuleRecord = { rule: ReclamationRule; modelName: string | null };

/** A reclamation rule and its model's name; null when unknown. */
export async function getReclamationRule(ctx: ServiceContext, raw: { id: string }): Promise<RuleRecord | null> {
  authorize(ctx.actor, "workspace:view", "see reclamation rules");
  const id = previewInputSchema.shape.id.safeParse(raw.id);
  if (!id.success) return null;
  const [row] = await ctx.db
    .select({ rule: reclamationRules, modelName: softwareModels.displayName })
    .from(reclamationRules)
    .leftJoin(softwareModels, eq(softwareModels.id, reclamationRules.softwareModelId))
    .where(eq(reclamationRules.id, id.data));
  return row ?? null;
}

/**
 * Saves a rule (sam_admin) with its audit row, then evaluates it at once: new candidates under a
 * lower threshold, open ones closed under a higher one. Returns what the evaluation did.
 */
export async function updateReclamationRule(ctx: ServiceContext, raw: z.input<typeof ruleInputSchema>): Promise<{ rule: ReclamationRule; outcome: GenerationOutcome }> {
  authorize(ctx.actor, "reclamation-rules:manage", "edit reclamation rules");
  const input = parseInput(ruleInputSchema, raw);
  const rule = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(reclamationRules).where(eq(reclamationRules.id, input.id)).for("update");
    if (!before) throw new ServiceError("not_found", "This reclamation rule does not exist.");
    const [after] = await tx
      .update(reclamationRules)
      .set({
        name: input.name,
        active: input.active,
        lastActivityThresholdDays: input.lastActivityThresholdDays,
        gracePeriodDays: input.gracePeriodDays,
        notifyUser: input.notifyUser,
        daysBeforeAutoReclamation: input.daysBeforeAutoReclamation ?? null,
        createCandidates: input.createCandidates,
        assignmentGroup: input.assignmentGroup ?? null,
        noticeSubject: input.noticeSubject ?? null,
        noticeBody: input.noticeBody ?? null,
        updatedAt: new Date(),
      })
      .where(eq(reclamationRules.id, input.id))
      .returning();
    await writeAudit(tx, ctx.actor, { action: "reclamation_rule.update", entityType: "reclamation_rule", entityId: input.id, summary: `Updated reclamation rule ${after!.name}`, before: ruleSettings(before), after: ruleSettings(after!) });
    return after!;
  });
  const outcome = await generateCandidates(ctx.db, ctx.actor, { ruleId: rule.id });
  if (outcome.created > 0 && rule.notifyUser) await sendNotices(ctx.db, ctx.actor);
  return { rule, outcome };
}

export type PreviewRow = { userPrincipalName: string; inactiveDays: number; reason: string; potentialSavings: string | null; currency: string | null };
export type RulePreview = { count: number; savings: { currency: string; amount: string }[]; rows: PreviewRow[] };

/**
 * **Preview**: who the rule would make a candidate of now, with the form's threshold and grace
 * period, and the projected savings. The same SELECT as generation; it creates nothing.
 */
export async function previewReclamationRule(ctx: ServiceContext, raw: z.input<typeof previewInputSchema>): Promise<RulePreview> {
  authorize(ctx.actor, "workspace:view", "preview reclamation rules");
  const input = parseInput(previewInputSchema, raw);
  // An unknown rule is said so, not previewed as "0 subscriptions" (which would read as a verdict).
  const [rule] = await ctx.db.select({ id: reclamationRules.id }).from(reclamationRules).where(eq(reclamationRules.id, input.id));
  if (!rule) throw new ServiceError("not_found", "This reclamation rule does not exist.");
  const eligible = eligibleCandidatesSql({
    now: new Date(),
    ruleId: input.id,
    preview: { thresholdDays: input.lastActivityThresholdDays, gracePeriodDays: input.gracePeriodDays },
  });
  const totals = resultRows(
    await ctx.db.execute(sql`with e as (${eligible}) select currency, count(*)::int as n, sum(potential_savings)::text as amount from e group by currency`),
  );
  const rows = resultRows(
    await ctx.db.execute(
      sql`with e as (${eligible}) select user_principal_name, inactive_days, reason, potential_savings::text as potential_savings, currency from e order by inactive_days desc, user_principal_name limit 50`,
    ),
  );
  return {
    count: totals.reduce((a, t) => a + Number(t.n), 0),
    savings: totals.filter((t) => t.currency !== null && t.amount !== null).map((t) => ({ currency: String(t.currency), amount: String(t.amount) })),
    rows: rows.map((r) => ({
      userPrincipalName: String(r.user_principal_name),
      inactiveDays: Number(r.inactive_days),
      reason: String(r.reason),
      potentialSavings: r.potential_savings === null ? null : String(r.potential_savings),
      currency: r.currency === null ? null : String(r.currency),
    })),
  };
}

/**
 * The notice as one of the rule's candidates would receive it, with the form's template (links shown
 * as placeholders: a preview never creates a working link).
 */
export async function previewNotice(ctx: ServiceContext, raw: z.input<typeof noticePreviewSchema>): Promise<{ to: string; subject: string; text: string }> {
  authorize(ctx.actor, "workspace:view", "preview notices");
  const input = parseInput(noticePreviewSchema, raw);
  const [sample] = await ctx.db
    .select({ upn: removalCandidates.userPrincipalName, reason: removalCandidates.reason, name: directoryUsers.name, email: directoryUsers.email, product: softwareModels.displayName })
    .from(reclamationRules)
    .leftJoin(removalCandidates, eq(removalCandidates.ruleId, reclamationRules.id))
    .leftJoin(directoryUsers, eq(directoryUsers.id, removalCandidates.directoryUserId))
    .leftJoin(softwareModels, eq(softwareModels.id, reclamationRules.softwareModelId))
    .where(eq(reclamationRules.id, input.id))
    .orderBy(desc(removalCandidates.createdAt))
    .limit(1);
  if (!sample) throw new ServiceError("not_found", "This reclamation rule does not exist.");
  const to = sample.email ?? sample.upn ?? "ada.lovelace@example.com";
  const due = new Date(Date.now() + 7 * 86_400_000);
  const mail = noticeMail(
    { subject: input.noticeSubject ?? null, body: input.noticeBody ?? null },
    {
      name: sample.name ?? sample.upn ?? "Ada Lovelace",
      product: sample.product ?? "the product",
      reason: sample.reason ?? "No activity for 143 days (last active 2026-07-14); rule threshold 60 days",
      date: dueDateWords(due),
      effect: "their account is deactivated, which frees the license",
      keepLink: "[Keep my license link]",
      releaseLink: "[Release it now link]",
    },
    "notice",
  );
  return { to, subject: mail.subject, text: mail.text };
}
