import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { profileModelColumns } from "./software-models-columns";
import { identifierExclusionColumns } from "./exclusions-columns";

export const profileModelsSpec = {
  id: "profile-software-models",
  columns: specColumns(profileModelColumns),
  sortable: ["displayName", "publisher", "subscriptions", "createdAt"],
  defaultSort: { id: "displayName", desc: false },
  filters: { q: { kind: "text", label: "Search", placeholder: "Software model" } },
} as const satisfies ListSpec<"displayName" | "publisher" | "subscriptions" | "createdAt", "q">;

export const identifierExclusionsSpec = {
  id: "profile-identifier-exclusions",
  columns: specColumns(identifierExclusionColumns),
  sortable: ["identifier", "createdAt"],
  defaultSort: { id: "identifier", desc: false },
  filters: { active: { kind: "boolean", label: "Active" } },
} as const satisfies ListSpec<"identifier" | "createdAt", "active">;
