"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { generationSentence } from "@/lib/services/reclamation/generate-candidates";
import { noticePreviewSchema, previewInputSchema, ruleInputSchema } from "@/lib/services/reclamation/rule-input";
import { previewNotice, previewReclamationRule, updateReclamationRule } from "@/lib/services/reclamation/rules";

/** Save a reclamation rule (sam_admin); the rule is evaluated at once and the answer says what it did. */
export const updateRuleAction = defineAction({
  permission: "reclamation-rules:manage",
  what: "edit reclamation rules",
  schema: ruleInputSchema,
  handler: async (input, ctx) => {
    const { outcome } = await updateReclamationRule(ctx, input);
    revalidatePath("/", "layout");
    return { data: outcome, message: `Saved. ${generationSentence(outcome)}` };
  },
});

/** **Preview**: a dry run of the form's values; creates nothing. */
export const previewRuleAction = defineAction({
  permission: "workspace:view",
  what: "preview reclamation rules",
  schema: previewInputSchema,
  handler: async (input, ctx) => previewReclamationRule(ctx, input),
});

/** The notice as a candidate of the rule would receive it, with the form's template. */
export const previewNoticeAction = defineAction({
  permission: "workspace:view",
  what: "preview notices",
  schema: noticePreviewSchema,
  handler: async (input, ctx) => previewNotice(ctx, input),
});
