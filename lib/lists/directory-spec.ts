import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { directoryColumns } from "./people-columns";

/** Administration › **User directory**: the company's people (not sign-in accounts). */
export const directorySpec = {
  id: "user-directory",
  columns: specColumns(directoryColumns),
  sortable: ["name", "email", "userName", "department", "costCenter"],
  defaultSort: { id: "name", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Name, email or user name" },
    department: { kind: "text", label: "Department", placeholder: "Department" },
    active: { kind: "boolean", label: "Active" },
  },
} as const satisfies ListSpec<"name" | "email" | "userName" | "department" | "costCenter", "q" | "department" | "active">;

export type DirectorySortKey = (typeof directorySpec.sortable)[number];
export type DirectoryFilterKey = keyof typeof directorySpec.filters;

/** The CSV import's columns, in the order of the template. */
export const DIRECTORY_CSV_HEADERS = ["name", "email", "user_name", "department", "cost_center", "manager_email", "active"] as const;
