"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { IdentifierExclusionRow } from "@/lib/services/profiles/list-identifier-exclusions";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";
import { CreateIdentifierExclusionDialog } from "@/components/exclusions/create-exclusion-dialog";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { ruleActionsColumn } from "@/components/exclusions/rule-actions-column";

const col = createColumnHelper<ListFeatures, IdentifierExclusionRow>();

type Props = {
  spec: ListSpec;
  params: ListParams;
  rows: IdentifierExclusionRow[];
  total: number;
  profileId: string;
  profileType: { id: string; label: string };
  /** sam_admin: create, deactivate and activate rules. */
  canManage: boolean;
};

/** The profile's **Subscription Identifier Exclusion Rule** list (rules of its profile type). */
export function IdentifierExclusionsTable({ canManage, profileType, ...props }: Props) {
  const { notice, done, ok } = useNotice();
  const columns = useMemo(
    () =>
      [
        col.accessor("identifier", { header: "Subscription identifier", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
        col.accessor("active", { header: "Active", cell: (info) => <ActiveBadge active={info.getValue()} /> }),
        col.accessor("reason", { header: "Reason" }),
        col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        ...ruleActionsColumn(col, { canManage, kind: () => "identifier", label: (r) => r.identifier, onDone: done }),
      ] as ListColumn<IdentifierExclusionRow>[],
    [canManage, done],
  );
  const create = canManage ? <CreateIdentifierExclusionDialog profileTypes={[profileType]} onDone={ok} /> : undefined;
  return (
    <div className="flex flex-col gap-3">
      <NoticeLine notice={notice} />
      <DataTable
        {...props}
        columns={columns}
        getRowId={(r) => r.id}
        toolbarExtra={create}
        exportHref={`/api/lists/profile-identifier-exclusions/export?profile=${props.profileId}`}
        empty={
          <EmptyState title="No identifier exclusion rules" action={create}>
            Publishing a Miro Enterprise profile adds rules for free and free_restricted: those subscriptions are kept but left out of cost, compliance and reclamation.
          </EmptyState>
        }
      />
    </div>
  );
}
