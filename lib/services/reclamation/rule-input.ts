import { z } from "zod";
import { checkboxField as checkbox } from "../parse-input";
import { rawTextField, textField } from "../text-input";
import { NOTICE_PLACEHOLDERS } from "./notice-template";

const template = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    rawTextField(max)
      .refine((t) => [...t.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].every((m) => (NOTICE_PLACEHOLDERS as readonly string[]).includes(m[1]!)), {
        message: `Unknown placeholder: use only ${NOTICE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}.`,
      })
      .optional(),
  );

const int = (min: number, max: number, what: string) =>
  z.coerce.number({ error: `${what} must be a number of days.` }).int(`${what} must be a whole number of days.`).min(min, `${what}: at least ${min}.`).max(max, `${what}: at most ${max}.`);

/** A reclamation rule's form, as a sam_admin saves it (field names are the form's). */
export const ruleInputSchema = z
  .object({
    id: z.uuid(),
    name: textField(200, "Give the rule a name."),
    active: checkbox,
    lastActivityThresholdDays: int(1, 3650, "Last activity threshold"),
    gracePeriodDays: int(0, 3650, "Grace period"),
    notifyUser: checkbox,
    daysBeforeAutoReclamation: z.preprocess((v) => (v === "" || v === null ? undefined : v), int(1, 365, "Days before auto-reclamation").optional()),
    createCandidates: checkbox,
    assignmentGroup: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), textField(200).optional()),
    /** The notice's subject and body; empty: the built-in text. */
    noticeSubject: template(300),
    noticeBody: template(5000),
  })
  .superRefine((v, ctx) => {
    if (v.notifyUser && v.daysBeforeAutoReclamation === undefined) {
      ctx.addIssue({ code: "custom", path: ["daysBeforeAutoReclamation"], message: "With Notify user, say how many days the person has to answer." });
    }
  });
export type RuleInput = z.output<typeof ruleInputSchema>;

/** What Preview evaluates: the rule with the form's unsaved threshold and grace period. */
export const previewInputSchema = z.object({
  id: z.uuid(),
  lastActivityThresholdDays: int(1, 3650, "Last activity threshold"),
  gracePeriodDays: int(0, 3650, "Grace period"),
});

/** What the email preview renders: the form's template for one of the rule's candidates. */
export const noticePreviewSchema = z.object({ id: z.uuid(), noticeSubject: template(300), noticeBody: template(5000) });
