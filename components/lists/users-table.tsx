"use client";
import { userColumns } from "@/lib/lists/people-columns";
import type { UserRow } from "@/lib/services/users/list-users";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EditUserDialog } from "@/components/users/edit-user-dialog";

const Table = createListTable<UserRow>(userColumns, (r) => r.id);

/** Administration › **Users**, each row with its Edit dialog. */
export function UsersTable(props: Omit<ListTableProps<UserRow>, "actions">) {
  return <Table {...props} actions={(user) => <EditUserDialog user={user} />} />;
}
