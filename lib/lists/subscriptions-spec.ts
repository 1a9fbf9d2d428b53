import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { subscriptionColumns } from "./subscriptions-columns";

/*
 * **Software Subscriptions** (a profile's related list) and **All user subscriptions** (across
 * profiles). 100k+ rows per profile: keyset paging, an estimated total beyond 20k rows, and only
 * sorts that an index serves (or that stay cheap without one): see
 * lib/services/subscriptions/subscriptions-where.ts. The columns are declared in subscriptions-columns.tsx.
 */

const columns = specColumns(subscriptionColumns);

const sortable = ["userPrincipalName", "subscriptionIdentifier", "lastActivityAt", "inactiveDays", "subscriptionAssignedAt"] as const;

const filters = {
  q: { kind: "text", label: "Search", placeholder: "User principal name or name" },
  identifier: { kind: "select", label: "Identifier", options: [], dynamic: true },
  model: { kind: "select", label: "Software model", options: [], dynamic: true },
  profile: { kind: "select", label: "Profile", options: [], dynamic: true },
  inactive: { kind: "range", label: "Inactive days", unit: "days" },
  excluded: { kind: "boolean", label: "Excluded", trueLabel: "excluded only", falseLabel: "not excluded" },
  never: { kind: "boolean", label: "Never active", trueLabel: "never active", falseLabel: "active at least once" },
  withoutUser: { kind: "boolean", label: "User", trueLabel: "without user", falseLabel: "with user" },
} as const;

export type SubscriptionsSortKey = (typeof sortable)[number];
export type SubscriptionsFilterKey = keyof typeof filters;

/** Most inactive first: the order asset managers work in, and the order of the last-activity index. */
const defaultSort = { id: "inactiveDays", desc: true } as const;

export const subscriptionsSpec = {
  id: "subscriptions",
  columns,
  sortable,
  defaultSort,
  filters,
  perPageOptions: [25, 50, 100],
  defaultPerPage: 50,
  keyset: true,
} as const satisfies ListSpec<SubscriptionsSortKey, SubscriptionsFilterKey>;

const { profile: _profile, ...profileFilters } = filters;

/** The profile's related list: the same list without the profile filter, the profile column hidden. */
export const profileSubscriptionsSpec = {
  ...subscriptionsSpec,
  id: "profile-subscriptions",
  columns: columns.map((c) => (c.id === "profile" ? { ...c, defaultHidden: true } : c)),
  filters: profileFilters,
} as const satisfies ListSpec<SubscriptionsSortKey, Exclude<SubscriptionsFilterKey, "profile">>;

export { exclusionText } from "./subscriptions-columns";
