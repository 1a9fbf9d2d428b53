import type { ListSpec } from "../table/list-spec";

export const EXCLUSION_KINDS = ["identifier", "user"] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];
export const EXCLUSION_KIND_LABELS: Record<ExclusionKind, string> = {
  identifier: "Subscription Identifier Exclusion Rule",
  user: "Subscription User Exclusion Rule",
};

/** The profile's related list **Subscription User Exclusion Rule** (the rules apply to every profile). */
export const userExclusionsSpec = {
  id: "profile-user-exclusions",
  columns: [
    { id: "userPrincipalName", label: "User principal name", hideable: false },
    { id: "active", label: "Active" },
    { id: "reason", label: "Reason" },
    { id: "excludedSubscriptions", label: "Excluded subscriptions" },
    { id: "createdBy", label: "Created by", defaultHidden: true },
    { id: "createdAt", label: "Created" },
  ],
  sortable: ["userPrincipalName", "createdAt"],
  defaultSort: { id: "userPrincipalName", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "User principal name" },
    active: { kind: "boolean", label: "Active" },
  },
} as const satisfies ListSpec<"userPrincipalName" | "createdAt", "q" | "active">;

export type UserExclusionsSortKey = (typeof userExclusionsSpec.sortable)[number];
export type UserExclusionsFilterKey = keyof typeof userExclusionsSpec.filters;

/** **Subscription exclusions**: both kinds of rule in one list. */
export const exclusionRulesSpec = {
  id: "subscription-exclusions",
  columns: [
    { id: "value", label: "Excludes", hideable: false },
    { id: "kind", label: "Rule" },
    { id: "profileType", label: "Profile Type" },
    { id: "active", label: "Active" },
    { id: "reason", label: "Reason" },
    { id: "excludedSubscriptions", label: "Excluded subscriptions" },
    { id: "createdBy", label: "Created by", defaultHidden: true },
    { id: "createdAt", label: "Created" },
  ],
  sortable: ["value", "kind", "createdAt"],
  defaultSort: { id: "kind", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Identifier or user principal name" },
    kind: { kind: "select", label: "Rule", options: [
      { value: "identifier", label: "Identifier" },
      { value: "user", label: "User" },
    ] },
    active: { kind: "boolean", label: "Active" },
  },
} as const satisfies ListSpec<"value" | "kind" | "createdAt", "q" | "kind" | "active">;

export type ExclusionRulesSortKey = (typeof exclusionRulesSpec.sortable)[number];
export type ExclusionRulesFilterKey = keyof typeof exclusionRulesSpec.filters;
