"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { UserRow } from "@/lib/services/users/list-users";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";
import { ActiveBadge } from "@/components/lists/active-badge";
import { EmptyState } from "@/components/layout/empty-state";
import { EditUserDialog } from "@/components/users/edit-user-dialog";

const col = createColumnHelper<ListFeatures, UserRow>();

const columns = [
  col.accessor("name", { header: "Name" }),
  col.accessor("email", { header: "Email" }),
  col.accessor("roles", {
    header: "Roles",
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        {info.getValue().map((r: string) => (
          <Badge key={r} variant="muted">
            {r}
          </Badge>
        ))}
      </span>
    ),
  }),
  col.accessor("active", {
    header: "Active",
    cell: (info) => <ActiveBadge active={info.getValue()} />,
  }),
  col.accessor("lastSignInAt", { header: "Last sign-in", cell: (info) => <LocalTime iso={info.getValue()} /> }),
  col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
  col.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, cell: (info) => <EditUserDialog user={info.row.original} /> }),
] as ListColumn<UserRow>[];

export function UsersTable(props: { spec: ListSpec; params: ListParams; rows: UserRow[]; total: number; currentUserId: string }) {
  return (
    <DataTable
      spec={props.spec}
      params={props.params}
      columns={columns}
      rows={props.rows}
      total={props.total}
      getRowId={(r) => r.id}
      exportHref="/api/lists/users/export"
      empty={<EmptyState title="No people yet">Create the first person with New person.</EmptyState>}
    />
  );
}
