"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { SOFTWARE_MODEL_SOURCE_LABELS } from "@/lib/lists/software-models-spec";
import { SOFTWARE_MODEL_STATUS_LABELS } from "@/lib/db/schema/software-models";
import type { SoftwareModelRow } from "@/lib/services/identifiers/list-software-models";
import { DataTable, type FilterOptions, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const col = createColumnHelper<ListFeatures, SoftwareModelRow>();
const columns = [
  col.accessor("displayName", { header: "Software model" }),
  col.accessor("publisher", { header: "Publisher" }),
  col.accessor("product", { header: "Product" }),
  col.accessor("identifiers", {
    header: "Subscription identifiers",
    cell: (info) => (info.getValue().length ? <code className="text-xs">{info.getValue().join(", ")}</code> : <span className="text-muted-foreground">—</span>),
  }),
  col.accessor("subscriptions", {
    header: "Subscriptions",
    cell: (info) => (
      <Link className="text-primary hover:underline" href={`/subscriptions?model=${info.row.original.id}`}>
        {info.getValue().toLocaleString()}
      </Link>
    ),
  }),
  col.accessor("source", { header: "Source", cell: (info) => <Badge variant={info.row.original.source === "custom" ? "default" : "muted"}>{SOFTWARE_MODEL_SOURCE_LABELS[info.row.original.source]}</Badge> }),
  col.accessor("status", { header: "Status", cell: (info) => SOFTWARE_MODEL_STATUS_LABELS[info.row.original.status] }),
  col.accessor("profileName", {
    id: "profile",
    header: "Profile",
    cell: (info) =>
      info.row.original.profileId ? (
        <Link className="text-primary hover:underline" href={`/integration-profiles/${info.row.original.profileId}/software-models`}>
          {info.getValue()}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  }),
  col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<SoftwareModelRow>[];

/** **Software models**: every model with its identifiers and current subscriptions. */
export function SoftwareModelsTable(props: { spec: ListSpec; params: ListParams; rows: SoftwareModelRow[]; total: number; filterOptions: FilterOptions }) {
  return (
    <DataTable
      {...props}
      columns={columns}
      getRowId={(r) => r.id}
      exportHref="/api/lists/software-models/export"
      empty={
        <EmptyState title="No software models yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
          Publishing a direct integration profile creates the software models for the vendor&apos;s paid license identifiers; mapping an unrecognized identifier can add more.
        </EmptyState>
      }
    />
  );
}
