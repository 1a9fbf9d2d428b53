import { SOFTWARE_MODEL_SOURCES, SOFTWARE_MODEL_SOURCE_LABELS } from "../db/schema/software-model-labels";
import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { softwareModelColumns } from "./software-models-columns";

export { SOFTWARE_MODEL_SOURCE_LABELS };

/** **Software models**: every model, with its identifiers and live subscription count. */
export const softwareModelsSpec = {
  id: "software-models",
  columns: specColumns(softwareModelColumns),
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
