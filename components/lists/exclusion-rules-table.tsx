"use client";
import { exclusionRuleColumns } from "@/lib/lists/exclusions-columns";
import type { ExclusionRuleRow } from "@/lib/services/exclusions/list-exclusion-rules";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { CreateIdentifierExclusionDialog, CreateUserExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { RulesTable } from "@/components/exclusions/rules-table";

const Table = createListTable<ExclusionRuleRow>(exclusionRuleColumns, (r) => r.key);

type Props = Omit<ListTableProps<ExclusionRuleRow>, "actions" | "empty" | "toolbarExtra"> & {
  canManage: boolean;
  profileTypes: { id: string; label: string }[];
};

/** **Subscription exclusions**: identifier and user rules together. */
export function ExclusionRulesTable({ canManage, profileTypes, ...props }: Props) {
  return (
    <RulesTable
      {...props}
      Table={Table}
      create={
        canManage
          ? (onDone) => (
              <>
                <CreateIdentifierExclusionDialog profileTypes={profileTypes} label="New identifier rule" onDone={onDone} />
                <CreateUserExclusionDialog label="New user rule" onDone={onDone} />
              </>
            )
          : undefined
      }
      rule={canManage ? (r) => ({ kind: r.kind, id: r.id, active: r.active, label: r.value }) : undefined}
      emptyTitle="No exclusion rules yet"
      emptyText="Publishing a Miro Enterprise profile adds identifier exclusion rules for free and free_restricted; a sam_admin can add user exclusion rules for service accounts."
    />
  );
}
