import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { reclamationRuleColumns } from "./reclamation-rules-columns";

/** **Reclamation rules** (product.md §5). */
export const reclamationRulesSpec = {
  id: "reclamation-rules",
  columns: specColumns(reclamationRuleColumns),
  sortable: ["name", "threshold", "updatedAt"],
  defaultSort: { id: "name", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Rule or software model" },
    active: { kind: "select", label: "Active", options: [{ value: "true", label: "Active" }, { value: "false", label: "Inactive" }] },
  },
} as const satisfies ListSpec<"name" | "threshold" | "updatedAt", "q" | "active">;

export type ReclamationRulesSortKey = (typeof reclamationRulesSpec.sortable)[number];
export type ReclamationRulesFilterKey = keyof typeof reclamationRulesSpec.filters;
