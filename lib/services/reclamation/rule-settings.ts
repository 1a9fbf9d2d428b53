import type { ReclamationRule } from "../../db/schema/reclamation-rules";

/** What a person sets on a reclamation rule: its form's fields, and what its audit row records before and after. */
export const RULE_SETTINGS = [
  "name",
  "active",
  "lastActivityThresholdDays",
  "gracePeriodDays",
  "notifyUser",
  "daysBeforeAutoReclamation",
  "createCandidates",
  "assignmentGroup",
  "noticeSubject",
  "noticeBody",
] as const;

export type RuleSettings = Pick<ReclamationRule, (typeof RULE_SETTINGS)[number]>;

/** A rule's settings alone (not its ids, model or times). */
export function ruleSettings(rule: RuleSettings): RuleSettings {
  return Object.fromEntries(RULE_SETTINGS.map((k) => [k, rule[k]])) as RuleSettings;
}
