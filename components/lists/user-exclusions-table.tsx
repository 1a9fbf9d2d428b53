"use client";
import { userExclusionColumns } from "@/lib/lists/exclusions-columns";
import type { UserExclusionRow } from "@/lib/services/exclusions/list-user-exclusions";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { RuleActiveButton } from "@/components/exclusions/rule-active-button";

const Table = createListTable<UserExclusionRow>(userExclusionColumns, (r) => r.id);

/** **Subscription User Exclusion Rule**: rules by user principal name, across all profiles. */
export function UserExclusionsTable({ canManage, ...props }: Omit<ListTableProps<UserExclusionRow>, "actions" | "empty" | "toolbarExtra"> & { canManage: boolean }) {
  const { notice, done, ok } = useNotice();
  const create = canManage ? <CreateUserExclusionDialog onDone={ok} /> : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <Table
        {...props}
        toolbarExtra={create}
        actions={canManage ? (r) => <RuleActiveButton kind="user" id={r.id} active={r.active} label={r.userPrincipalName} onDone={done} /> : undefined}
        empty={
          <EmptyState title="No user exclusion rules" action={create}>
            Subscription User Exclusion Rules (by user principal name, across all profiles) keep service accounts or executives out of cost, compliance and reclamation.
            {canManage ? " Add one with New." : " A sam_admin adds them here."}
          </EmptyState>
        }
      />
    </div>
  );
}
