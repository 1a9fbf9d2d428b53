import { SOFTWARE_MODEL_SOURCES } from "../db/schema/software-models";
import type { ListSpec } from "../table/list-spec";

export const SOFTWARE_MODEL_SOURCE_LABELS: Record<(typeof SOFTWARE_MODEL_SOURCES)[number], string> = { auto: "Auto", custom: "Custom" };

/** **Software models**: every model, with its identifiers and live subscription count. */
export const softwareModelsSpec = {
  id: "software-models",
  columns: [
    { id: "displayName", label: "Software model", hideable: false },
    { id: "publisher", label: "Publisher" },
    { id: "product", label: "Product", defaultHidden: true },
    { id: "identifiers", label: "Subscription identifiers" },
    { id: "subscriptions", label: "Subscriptions" },
    { id: "source", label: "Source" },
    { id: "status", label: "Status" },
    { id: "profile", label: "Profile" },
    { id: "createdAt", label: "Created" },
  ],
  sortable: ["displayName", "publisher", "subscriptions", "source", "createdAt"],
  defaultSort: { id: "displayName", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Software model or publisher" },
    source: { kind: "select", label: "Source", options: SOFTWARE_MODEL_SOURCES.map((s) => ({ value: s, label: SOFTWARE_MODEL_SOURCE_LABELS[s] })) },
    profile: { kind: "select", label: "Profile", options: [], dynamic: true },
  },
} as const satisfies ListSpec<"displayName" | "publisher" | "subscriptions" | "source" | "createdAt", "q" | "source" | "profile">;

export type SoftwareModelsSortKey = (typeof softwareModelsSpec.sortable)[number];
export type SoftwareModelsFilterKey = keyof typeof softwareModelsSpec.filters;
