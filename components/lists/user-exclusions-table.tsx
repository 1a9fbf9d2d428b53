"use client";
import { userExclusionColumns } from "@/lib/lists/exclusions-columns";
import type { UserExclusionRow } from "@/lib/services/exclusions/list-user-exclusions";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { RulesTable } from "@/components/exclusions/rules-table";

const Table = createListTable<UserExclusionRow>(userExclusionColumns, (r) => r.id);

/** **Subscription User Exclusion Rule**: rules by user principal name, across all profiles. */
export function UserExclusionsTable({ canManage, ...props }: Omit<ListTableProps<UserExclusionRow>, "actions" | "empty" | "toolbarExtra"> & { canManage: boolean }) {
  return (
    <RulesTable
      {...props}
      Table={Table}
      create={canManage ? (onDone) => <CreateUserExclusionDialog onDone={onDone} /> : undefined}
      rule={canManage ? (r) => ({ kind: "user", id: r.id, active: r.active, label: r.userPrincipalName }) : undefined}
      emptyTitle="No user exclusion rules"
      emptyText={`Subscription User Exclusion Rules (by user principal name, across all profiles) keep service accounts or executives out of cost, compliance and reclamation.${canManage ? " Add one with New." : " A sam_admin adds them here."}`}
    />
  );
}
