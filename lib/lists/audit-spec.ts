import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { auditColumns } from "./people-columns";

export const auditSpec = {
  id: "audit-log",
  columns: specColumns(auditColumns),
  sortable: ["at", "actorLabel", "action", "entityType"],
  defaultSort: { id: "at", desc: true },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Who or what changed" },
    entityType: { kind: "text", label: "Record type", placeholder: "Record type" },
  },
  perPageOptions: [25, 50, 100],
  defaultPerPage: 50,
} as const satisfies ListSpec<"at" | "actorLabel" | "action" | "entityType", "q" | "entityType">;

export type AuditSortKey = (typeof auditSpec.sortable)[number];
