import { ROLES } from "../db/schema/users";
import { ROLE_LABELS } from "../auth/permissions";
import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { userColumns } from "./people-columns";

export const usersSpec = {
  id: "users",
  columns: specColumns(userColumns),
  sortable: ["name", "email", "lastSignInAt", "createdAt"],
  defaultSort: { id: "name", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Name or email" },
    role: { kind: "select", label: "Role", options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) },
    active: { kind: "boolean", label: "Active" },
  },
} as const satisfies ListSpec<"name" | "email" | "lastSignInAt" | "createdAt", "q" | "role" | "active">;

export type UsersSortKey = (typeof usersSpec.sortable)[number];
export type UsersFilterKey = keyof typeof usersSpec.filters;
