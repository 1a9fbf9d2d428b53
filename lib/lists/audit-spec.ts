import type { ListSpec } from "../table/list-spec";

export const auditSpec = {
  id: "audit-log",
  columns: [
    { id: "at", label: "When", hideable: false },
    { id: "actorLabel", label: "Who" },
    { id: "action", label: "Action" },
    { id: "entityType", label: "Record type" },
    { id: "summary", label: "What changed" },
    { id: "entityId", label: "Record id", defaultHidden: true },
  ],
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
