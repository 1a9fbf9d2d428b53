"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { UserExclusionRow } from "@/lib/services/exclusions/list-user-exclusions";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";
import { CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { ruleActionsColumn } from "@/components/exclusions/rule-actions-column";

const col = createColumnHelper<ListFeatures, UserExclusionRow>();

type Props = { spec: ListSpec; params: ListParams; rows: UserExclusionRow[]; total: number; exportHref: string; canManage: boolean };

/** **Subscription User Exclusion Rule**: rules by user principal name, across all profiles. */
export function UserExclusionsTable({ canManage, ...props }: Props) {
  const { notice, done, ok } = useNotice();
  const columns = useMemo(
    () =>
      [
        col.accessor("userPrincipalName", { header: "User principal name" }),
        col.accessor("active", { header: "Active", cell: (info) => <ActiveBadge active={info.getValue()} /> }),
        col.accessor("reason", { header: "Reason" }),
        col.accessor("excludedSubscriptions", { header: "Excluded subscriptions", cell: (info) => info.getValue().toLocaleString() }),
        col.accessor("createdBy", { header: "Created by", cell: (info) => info.getValue() ?? "—" }),
        col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        ...ruleActionsColumn(col, { canManage, kind: () => "user", label: (r) => r.userPrincipalName, onDone: done }),
      ] as ListColumn<UserExclusionRow>[],
    [canManage, done],
  );
  const create = canManage ? <CreateUserExclusionDialog onDone={ok} /> : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <DataTable
        {...props}
        columns={columns}
        getRowId={(r) => r.id}
        toolbarExtra={create}
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
