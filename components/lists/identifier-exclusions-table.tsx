"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { IdentifierExclusionRow } from "@/lib/services/profiles/list-identifier-exclusions";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const col = createColumnHelper<ListFeatures, IdentifierExclusionRow>();
const columns = [
  col.accessor("identifier", { header: "Subscription identifier", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
  col.accessor("active", { header: "Active", cell: (info) => (info.getValue() ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Inactive</Badge>) }),
  col.accessor("reason", { header: "Reason" }),
  col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<IdentifierExclusionRow>[];

export function IdentifierExclusionsTable(props: { spec: ListSpec; params: ListParams; rows: IdentifierExclusionRow[]; total: number; profileId: string }) {
  return (
    <DataTable
      {...props}
      columns={columns}
      getRowId={(r) => r.id}
      exportHref={`/api/lists/profile-identifier-exclusions/export?profile=${props.profileId}`}
      empty={
        <EmptyState title="No identifier exclusion rules">
          Publishing a Miro Enterprise profile adds rules for free and free_restricted: those subscriptions are kept but left out of cost, compliance and reclamation.
        </EmptyState>
      }
    />
  );
}
