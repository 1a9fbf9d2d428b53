import type { ListSpec } from "../table/list-spec";

export const profileModelsSpec = {
  id: "profile-software-models",
  columns: [
    { id: "displayName", label: "Software model", hideable: false },
    { id: "identifiers", label: "Subscription identifiers" },
    { id: "publisher", label: "Publisher" },
    { id: "subscriptions", label: "Subscriptions" },
    { id: "createdAt", label: "Created" },
  ],
  sortable: ["displayName", "publisher", "subscriptions", "createdAt"],
  defaultSort: { id: "displayName", desc: false },
  filters: { q: { kind: "text", label: "Search", placeholder: "Software model" } },
} as const satisfies ListSpec<"displayName" | "publisher" | "subscriptions" | "createdAt", "q">;

export const identifierExclusionsSpec = {
  id: "profile-identifier-exclusions",
  columns: [
    { id: "identifier", label: "Subscription identifier", hideable: false },
    { id: "active", label: "Active" },
    { id: "reason", label: "Reason" },
    { id: "createdAt", label: "Created" },
  ],
  sortable: ["identifier", "createdAt"],
  defaultSort: { id: "identifier", desc: false },
  filters: { active: { kind: "boolean", label: "Active" } },
} as const satisfies ListSpec<"identifier" | "createdAt", "active">;
