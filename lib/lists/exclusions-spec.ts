import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { exclusionRuleColumns, userExclusionColumns } from "./exclusions-columns";

export { EXCLUSION_KINDS, EXCLUSION_KIND_LABELS, type ExclusionKind } from "./exclusion-kinds";

/** The profile's related list **Subscription User Exclusion Rule** (the rules apply to every profile). */
export const userExclusionsSpec = {
  id: "profile-user-exclusions",
  columns: specColumns(userExclusionColumns),
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
  columns: specColumns(exclusionRuleColumns),
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
