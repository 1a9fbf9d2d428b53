"use client";
import { identifierExclusionColumns } from "@/lib/lists/exclusions-columns";
import type { IdentifierExclusionRow } from "@/lib/services/profiles/list-identifier-exclusions";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { CreateIdentifierExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { RulesTable } from "@/components/exclusions/rules-table";

const Table = createListTable<IdentifierExclusionRow>(identifierExclusionColumns, (r) => r.id);

type Props = Omit<ListTableProps<IdentifierExclusionRow>, "actions" | "empty" | "toolbarExtra"> & {
  profileType: { id: string; label: string };
  /** sam_admin: create, deactivate and activate rules. */
  canManage: boolean;
};

/** The profile's **Subscription Identifier Exclusion Rule** list (rules of its profile type). */
export function IdentifierExclusionsTable({ canManage, profileType, ...props }: Props) {
  return (
    <RulesTable
      {...props}
      Table={Table}
      create={canManage ? (onDone) => <CreateIdentifierExclusionDialog profileTypes={[profileType]} onDone={onDone} /> : undefined}
      rule={canManage ? (r) => ({ kind: "identifier", id: r.id, active: r.active, label: r.identifier }) : undefined}
      emptyTitle="No identifier exclusion rules"
      emptyText="Publishing a Miro Enterprise profile adds rules for free and free_restricted: those subscriptions are kept but left out of cost, compliance and reclamation."
    />
  );
}
