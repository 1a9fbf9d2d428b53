"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { EXCLUSION_KIND_LABELS } from "@/lib/lists/exclusions-spec";
import type { ExclusionRuleRow } from "@/lib/services/exclusions/list-exclusion-rules";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";
import { CreateIdentifierExclusionDialog, CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { ruleActionsColumn } from "@/components/exclusions/rule-actions-column";

const col = createColumnHelper<ListFeatures, ExclusionRuleRow>();

type Props = {
  spec: ListSpec;
  params: ListParams;
  rows: ExclusionRuleRow[];
  total: number;
  canManage: boolean;
  profileTypes: { id: string; label: string }[];
};

/** **Subscription exclusions**: identifier and user rules together. */
export function ExclusionRulesTable({ canManage, profileTypes, ...props }: Props) {
  const { notice, done, ok } = useNotice();
  const columns = useMemo(
    () =>
      [
        col.accessor("value", { header: "Excludes", cell: (info) => (info.row.original.kind === "identifier" ? <code className="text-xs">{info.getValue()}</code> : info.getValue()) }),
        col.accessor("kind", { header: "Rule", cell: (info) => EXCLUSION_KIND_LABELS[info.row.original.kind] }),
        col.accessor("profileTypeLabel", { id: "profileType", header: "Profile Type", cell: (info) => info.getValue() ?? "All profiles" }),
        col.accessor("active", { header: "Active", cell: (info) => <ActiveBadge active={info.getValue()} /> }),
        col.accessor("reason", { header: "Reason" }),
        col.accessor("excludedSubscriptions", { header: "Excluded subscriptions", cell: (info) => info.getValue().toLocaleString() }),
        col.accessor("createdBy", { header: "Created by", cell: (info) => info.getValue() ?? "—" }),
        col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        ...ruleActionsColumn(col, { canManage, kind: (r) => r.kind, label: (r) => r.value, onDone: done }),
      ] as ListColumn<ExclusionRuleRow>[],
    [canManage, done],
  );
  const create = canManage ? (
    <>
      <CreateIdentifierExclusionDialog profileTypes={profileTypes} label="New identifier rule" onDone={ok} />
      <CreateUserExclusionDialog label="New user rule" onDone={ok} />
    </>
  ) : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <DataTable
        {...props}
        columns={columns}
        getRowId={(r) => r.key}
        toolbarExtra={create}
        exportHref="/api/lists/subscription-exclusions/export"
        empty={
          <EmptyState title="No exclusion rules yet" action={create ? <div className="flex gap-2">{create}</div> : undefined}>
            Publishing a Miro Enterprise profile adds identifier exclusion rules for free and free_restricted; a sam_admin can add user exclusion rules for service accounts.
          </EmptyState>
        }
      />
    </div>
  );
}
