import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { unrecognizedColumns } from "./unrecognized-identifiers-columns";

const columns = specColumns(unrecognizedColumns);

const sortable = ["identifier", "subscriptions", "firstSeenAt", "lastSeenAt"] as const;
const filters = {
  q: { kind: "text", label: "Search", placeholder: "Subscription identifier" },
  state: {
    kind: "select",
    label: "State",
    options: [
      { value: "open", label: "Open" },
      { value: "mapped", label: "Mapped" },
    ],
  },
  profile: { kind: "select", label: "Profile", options: [], dynamic: true },
} as const;

export type UnrecognizedSortKey = (typeof sortable)[number];
export type UnrecognizedFilterKey = keyof typeof filters;

/** **Unrecognized subscription identifiers** across profiles (open ones first). */
export const unrecognizedIdentifiersSpec = {
  id: "unrecognized-identifiers",
  columns,
  sortable,
  defaultSort: { id: "subscriptions", desc: true },
  filters,
} as const satisfies ListSpec<UnrecognizedSortKey, UnrecognizedFilterKey>;

const { profile: _profile, ...profileFilters } = filters;

/** The profile's related list **Unrecognized Subscription Identifiers**. */
export const profileUnrecognizedIdentifiersSpec = {
  ...unrecognizedIdentifiersSpec,
  id: "profile-unrecognized-identifiers",
  columns: columns.filter((c) => c.id !== "profiles"),
  filters: profileFilters,
} as const satisfies ListSpec<UnrecognizedSortKey, Exclude<UnrecognizedFilterKey, "profile">>;

export { unrecognizedStateText } from "./unrecognized-identifiers-columns";
