import "server-only";
import type { DownloadedSubscription, SubscriptionDecision } from "../../integrations/types";

export type { SubscriptionDecision } from "../../integrations/types";

/*
 * What a run decides per member besides the vendor's values: the software model (identifier map) and
 * whether an exclusion rule keeps it out of cost and compliance (product.md §4.4-§4.5). The maps are
 * loaded once per run; the decision is pure. reapplyExclusions (lib/services/subscriptions) decides
 * the same thing in SQL: both match identifiers and user principal names case-insensitively and,
 * where two rules match, take the oldest, so that a run and a re-mark never disagree.
 */

export type RunRules = {
  /** Lower-cased identifier → software model id (the profile's own entry over the profile type's). */
  models: ReadonlyMap<string, string>;
  /** Lower-cased identifier → the active Subscription Identifier Exclusion Rule of the profile type. */
  identifierRules: ReadonlyMap<string, string>;
  /** Lower-cased user principal name → the active Subscription User Exclusion Rule. */
  userRules: ReadonlyMap<string, string>;
};


export const ruleKey = (value: string) => value.trim().toLowerCase();

export function decideSubscription(values: Pick<DownloadedSubscription, "subscriptionIdentifier" | "userPrincipalName">, rules: RunRules): SubscriptionDecision {
  const identifier = ruleKey(values.subscriptionIdentifier);
  const identifierExclusionRuleId = rules.identifierRules.get(identifier) ?? null;
  const userExclusionRuleId = rules.userRules.get(ruleKey(values.userPrincipalName)) ?? null;
  return {
    softwareModelId: rules.models.get(identifier) ?? null,
    excluded: identifierExclusionRuleId !== null || userExclusionRuleId !== null,
    identifierExclusionRuleId,
    userExclusionRuleId,
  };
}

/**
 * `decideSubscription` for a whole run: members without a user rule share one frozen decision per
 * identifier (a run meets a handful of identifiers and 100,000 members), so the decision is neither
 * worked out nor allocated again for every member.
 */
export function createDecider(rules: RunRules): (values: Pick<DownloadedSubscription, "subscriptionIdentifier" | "userPrincipalName">) => SubscriptionDecision {
  const byIdentifier = new Map<string, SubscriptionDecision>();
  const checkUsers = rules.userRules.size > 0;
  return (values) => {
    if (checkUsers && rules.userRules.has(ruleKey(values.userPrincipalName))) return decideSubscription(values, rules);
    let decision = byIdentifier.get(values.subscriptionIdentifier);
    if (decision === undefined) {
      decision = Object.freeze(decideSubscription(values, rules));
      if (byIdentifier.size < 1000) byIdentifier.set(values.subscriptionIdentifier, decision);
    }
    return decision;
  };
}

/**
 * Builds the lookup maps from rows ordered oldest first: the first entry for a key wins. Map entries
 * for the profile itself override the profile type's.
 */
export function buildRunRules(input: {
  typeMap: { identifier: string; softwareModelId: string }[];
  profileMap: { identifier: string; softwareModelId: string }[];
  identifierRules: { identifier: string; id: string }[];
  userRules: { userPrincipalName: string; id: string }[];
}): RunRules {
  const models = new Map<string, string>();
  for (const row of input.typeMap) if (!models.has(ruleKey(row.identifier))) models.set(ruleKey(row.identifier), row.softwareModelId);
  const own = new Map<string, string>();
  for (const row of input.profileMap) if (!own.has(ruleKey(row.identifier))) own.set(ruleKey(row.identifier), row.softwareModelId);
  for (const [key, model] of own) models.set(key, model);
  const identifierRules = new Map<string, string>();
  for (const row of input.identifierRules) if (!identifierRules.has(ruleKey(row.identifier))) identifierRules.set(ruleKey(row.identifier), row.id);
  const userRules = new Map<string, string>();
  for (const row of input.userRules) if (!userRules.has(ruleKey(row.userPrincipalName))) userRules.set(ruleKey(row.userPrincipalName), row.id);
  return { models, identifierRules, userRules };
}
