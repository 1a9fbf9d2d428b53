"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ProfileModelRow } from "@/lib/services/profiles/list-profile-models";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";

const col = createColumnHelper<ListFeatures, ProfileModelRow>();
const columns = [
  col.accessor("displayName", { header: "Software model" }),
  col.accessor("identifiers", { header: "Subscription identifiers", cell: (info) => <code className="text-xs">{info.getValue().join(", ")}</code> }),
  col.accessor("publisher", { header: "Publisher" }),
  col.accessor("subscriptions", { header: "Subscriptions", cell: (info) => info.getValue().toLocaleString() }),
  col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<ProfileModelRow>[];

export function ProfileModelsTable(props: { spec: ListSpec; params: ListParams; rows: ProfileModelRow[]; total: number; profileId: string }) {
  return (
    <DataTable
      {...props}
      columns={columns}
      getRowId={(r) => r.id}
      exportHref={`/api/lists/profile-software-models/export?profile=${props.profileId}`}
      empty={<EmptyState title="No software models yet">Publishing the profile creates the software models of the vendor&apos;s paid license identifiers.</EmptyState>}
    />
  );
}
