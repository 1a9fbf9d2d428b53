import { PROFILE_STATUSES, PROFILE_STATUS_LABELS } from "../db/schema/integration-profile-labels";
import { specColumns } from "../table/columns";
import { profileColumns } from "./profiles-columns";
import type { ListSpec } from "../table/list-spec";

export const profilesSpec = {
  id: "integration-profiles",
  columns: specColumns(profileColumns),
  sortable: ["displayName", "status", "lastValidatedAt", "lastRunAt", "updatedAt"],
  defaultSort: { id: "displayName", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Display Name" },
    status: { kind: "select", label: "Status", options: PROFILE_STATUSES.map((s) => ({ value: s, label: PROFILE_STATUS_LABELS[s] })) },
  },
} as const satisfies ListSpec<"displayName" | "status" | "lastValidatedAt" | "lastRunAt" | "updatedAt", "q" | "status">;

export type ProfilesSortKey = (typeof profilesSpec.sortable)[number];
