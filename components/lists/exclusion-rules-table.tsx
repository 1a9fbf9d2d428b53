"use client";
import { exclusionRuleColumns } from "@/lib/lists/exclusions-columns";
import type { ExclusionRuleRow } from "@/lib/services/exclusions/list-exclusion-rules";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { CreateIdentifierExclusionDialog, CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { RuleActiveButton } from "@/components/exclusions/rule-active-button";

const Table = createListTable<ExclusionRuleRow>(exclusionRuleColumns, (r) => r.key);

type Props = Omit<ListTableProps<ExclusionRuleRow>, "actions" | "empty" | "toolbarExtra" | "exportHref"> & {
  canManage: boolean;
  profileTypes: { id: string; label: string }[];
};

/** **Subscription exclusions**: identifier and user rules together. */
export function ExclusionRulesTable({ canManage, profileTypes, ...props }: Props) {
  const { notice, done, ok } = useNotice();
  const create = canManage ? (
    <>
      <CreateIdentifierExclusionDialog profileTypes={profileTypes} label="New identifier rule" onDone={ok} />
      <CreateUserExclusionDialog label="New user rule" onDone={ok} />
    </>
  ) : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <Table
        {...props}
        toolbarExtra={create}
        exportHref="/api/lists/subscription-exclusions/export"
        actions={canManage ? (r) => <RuleActiveButton kind={r.kind} id={r.id} active={r.active} label={r.value} onDone={done} /> : undefined}
        empty={
          <EmptyState title="No exclusion rules yet" action={create ? <div className="flex gap-2">{create}</div> : undefined}>
            Publishing a Miro Enterprise profile adds identifier exclusion rules for free and free_restricted; a sam_admin can add user exclusion rules for service accounts.
          </EmptyState>
        }
      />
    </div>
  );
}
