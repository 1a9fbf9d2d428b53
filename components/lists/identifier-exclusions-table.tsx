"use client";
import { identifierExclusionColumns } from "@/lib/lists/exclusions-columns";
import type { IdentifierExclusionRow } from "@/lib/services/profiles/list-identifier-exclusions";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { CreateIdentifierExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { RuleActiveButton } from "@/components/exclusions/rule-active-button";

const Table = createListTable<IdentifierExclusionRow>(identifierExclusionColumns, (r) => r.id);

type Props = Omit<ListTableProps<IdentifierExclusionRow>, "actions" | "empty" | "toolbarExtra"> & {
  profileType: { id: string; label: string };
  /** sam_admin: create, deactivate and activate rules. */
  canManage: boolean;
};

/** The profile's **Subscription Identifier Exclusion Rule** list (rules of its profile type). */
export function IdentifierExclusionsTable({ canManage, profileType, ...props }: Props) {
  const { notice, done, ok } = useNotice();
  const create = canManage ? <CreateIdentifierExclusionDialog profileTypes={[profileType]} onDone={ok} /> : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <Table
        {...props}
        toolbarExtra={create}
        actions={canManage ? (r) => <RuleActiveButton kind="identifier" id={r.id} active={r.active} label={r.identifier} onDone={done} /> : undefined}
        empty={
          <EmptyState title="No identifier exclusion rules" action={create}>
            Publishing a Miro Enterprise profile adds rules for free and free_restricted: those subscriptions are kept but left out of cost, compliance and reclamation.
          </EmptyState>
        }
      />
    </div>
  );
}
