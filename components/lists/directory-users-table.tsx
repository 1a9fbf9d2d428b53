"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { DirectoryUserRow } from "@/lib/services/directory/list-directory-users";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { ActiveBadge } from "@/components/lists/active-badge";

const col = createColumnHelper<ListFeatures, DirectoryUserRow>();
const dash = <span className="text-muted-foreground">—</span>;
const columns = [
  col.accessor("name", { header: "Name" }),
  col.accessor("email", { header: "Email", cell: (info) => info.getValue() ?? dash }),
  col.accessor("userName", { header: "User name", cell: (info) => info.getValue() ?? dash }),
  col.accessor("manager", { header: "Manager", cell: (info) => (info.getValue() ? <span title={info.row.original.managerEmail ?? undefined}>{info.getValue()}</span> : dash) }),
  col.accessor("department", { header: "Department", cell: (info) => info.getValue() ?? dash }),
  col.accessor("costCenter", { header: "Cost center", cell: (info) => info.getValue() ?? dash }),
  col.accessor("active", { header: "Active", cell: (info) => <ActiveBadge active={info.getValue()} /> }),
  col.accessor("subscriptions", { header: "Subscriptions", cell: (info) => info.getValue().toLocaleString() }),
] as ListColumn<DirectoryUserRow>[];

/** Administration › **User directory**. */
export function DirectoryUsersTable(props: { spec: ListSpec; params: ListParams; rows: DirectoryUserRow[]; total: number; toolbarExtra?: React.ReactNode; canManage: boolean }) {
  const { canManage, ...rest } = props;
  return (
    <DataTable
      {...rest}
      columns={columns}
      getRowId={(r) => r.id}
      exportHref="/api/lists/user-directory/export"
      empty={
        <EmptyState title="The user directory is empty">
          {canManage
            ? "Add people one by one with New person, or import them from a CSV file with Import CSV; downloaded subscriptions then resolve to them by email."
            : "A sam_admin adds people here one by one or imports them from a CSV file; downloaded subscriptions then resolve to them by email."}
        </EmptyState>
      }
    />
  );
}
