import type { ExclusionRuleRow } from "../services/exclusions/list-exclusion-rules";
import type { UserExclusionRow } from "../services/exclusions/list-user-exclusions";
import type { IdentifierExclusionRow } from "../services/profiles/list-identifier-exclusions";
import { activeText, defineColumns } from "../table/columns";
import { EXCLUSION_KIND_LABELS } from "./exclusion-kinds";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";

const active = { id: "active", label: "Active", text: (r: { active: boolean }) => activeText(r.active), cell: (r: { active: boolean }) => <ActiveBadge active={r.active} /> } as const;

/** **Subscription exclusions**: identifier and user rules together. */
export const exclusionRuleColumns = defineColumns<ExclusionRuleRow>()([
  { id: "value", label: "Excludes", hideable: false, text: (r) => r.value, cell: (r) => (r.kind === "identifier" ? <code className="text-xs">{r.value}</code> : r.value) },
  { id: "kind", label: "Rule", text: (r) => EXCLUSION_KIND_LABELS[r.kind] },
  { id: "profileType", label: "Profile Type", text: (r) => r.profileTypeLabel ?? "All profiles" },
  active,
  { id: "reason", label: "Reason", text: (r) => r.reason },
  { id: "excludedSubscriptions", label: "Excluded subscriptions", text: (r) => r.excludedSubscriptions },
  { id: "createdBy", label: "Created by", defaultHidden: true, text: (r) => r.createdBy },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);

/** A profile's **Subscription User Exclusion Rule** list (the rules apply to every profile). */
export const userExclusionColumns = defineColumns<UserExclusionRow>()([
  { id: "userPrincipalName", label: "User principal name", hideable: false, text: (r) => r.userPrincipalName },
  active,
  { id: "reason", label: "Reason", text: (r) => r.reason },
  { id: "excludedSubscriptions", label: "Excluded subscriptions", text: (r) => r.excludedSubscriptions },
  { id: "createdBy", label: "Created by", defaultHidden: true, text: (r) => r.createdBy },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);

/** A profile's **Subscription Identifier Exclusion Rule** list (the rules of its profile type). */
export const identifierExclusionColumns = defineColumns<IdentifierExclusionRow>()([
  { id: "identifier", label: "Subscription identifier", hideable: false, text: (r) => r.identifier, cell: (r) => <code className="text-xs">{r.identifier}</code> },
  active,
  { id: "reason", label: "Reason", text: (r) => r.reason },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);
