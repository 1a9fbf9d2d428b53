import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { EFFECTIVE_STATE_LABELS, entitlementColumns } from "./entitlements-columns";

/** **Entitlements** (product.md §6). */
export const entitlementsSpec = {
  id: "entitlements",
  columns: specColumns(entitlementColumns),
  sortable: ["model", "endDate", "purchasedRights"],
  defaultSort: { id: "model", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Model, name or purchase order" },
    state: { kind: "select", label: "State", options: Object.entries(EFFECTIVE_STATE_LABELS).map(([value, label]) => ({ value, label })) },
  },
} as const satisfies ListSpec<"model" | "endDate" | "purchasedRights", "q" | "state">;

export type EntitlementsSortKey = (typeof entitlementsSpec.sortable)[number];
export type EntitlementsFilterKey = keyof typeof entitlementsSpec.filters;
