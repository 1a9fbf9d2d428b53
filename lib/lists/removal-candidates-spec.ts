import { REMOVAL_CANDIDATE_STATE_LABELS, removalCandidateStateEnum } from "../db/schema/removal-candidate-labels";
import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { removalCandidateColumns } from "./removal-candidates-columns";

/** The state filter also offers the two groups a person asks for most: every open, every closed. */
const stateOptions = [
  { value: "open", label: "Open (any)" },
  { value: "closed", label: "Closed (any)" },
  ...removalCandidateStateEnum.map((s) => ({ value: s, label: REMOVAL_CANDIDATE_STATE_LABELS[s] })),
];

/** **Removal candidates** (product.md §5): every candidate, open ones first by default through the filter. */
export const removalCandidatesSpec = {
  id: "removal-candidates",
  columns: specColumns(removalCandidateColumns),
  sortable: ["number", "state", "user", "inactiveDays", "potentialSavings", "createdAt", "closedAt"],
  defaultSort: { id: "number", desc: true },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Number or user" },
    state: { kind: "select", label: "State", options: stateOptions },
    profile: { kind: "select", label: "Profile", options: [], dynamic: true },
  },
} as const satisfies ListSpec<"number" | "state" | "user" | "inactiveDays" | "potentialSavings" | "createdAt" | "closedAt", "q" | "state" | "profile">;

const { profile: _profile, ...profileFilters } = removalCandidatesSpec.filters;

/** The profile's related list **Removal candidates**. */
export const profileRemovalCandidatesSpec = {
  ...removalCandidatesSpec,
  id: "profile-removal-candidates",
  columns: removalCandidatesSpec.columns.filter((c) => c.id !== "profile"),
  filters: profileFilters,
} as const satisfies ListSpec<"number" | "state" | "user" | "inactiveDays" | "potentialSavings" | "createdAt" | "closedAt", "q" | "state">;

export type RemovalCandidatesSortKey = (typeof removalCandidatesSpec.sortable)[number];
export type RemovalCandidatesFilterKey = keyof typeof removalCandidatesSpec.filters;
