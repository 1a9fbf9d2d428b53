"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { unrecognizedStateText } from "@/lib/lists/unrecognized-identifiers-spec";
import type { UnrecognizedRow } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { DataTable, type FilterOptions, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";
import { MapIdentifierDialog } from "@/components/identifiers/map-identifier-dialog";

const col = createColumnHelper<ListFeatures, UnrecognizedRow>();

type Props = {
  spec: ListSpec;
  params: ListParams;
  rows: UnrecognizedRow[];
  total: number;
  exportHref: string;
  filterOptions?: FilterOptions;
  /** sam_admin: the Map to model action. */
  canMap: boolean;
  models: { id: string; name: string }[];
  profileId?: string;
};

/** **Unrecognized Subscription Identifiers**, with **Map to model** for a sam_admin. */
export function UnrecognizedIdentifiersTable({ canMap, models, profileId, ...props }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const columns = useMemo(
    () =>
      [
        col.accessor("identifier", { header: "Subscription identifier", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
        col.accessor("profileTypeLabel", { id: "profileType", header: "Profile Type" }),
        col.accessor("subscriptions", { header: "Subscriptions", cell: (info) => info.getValue().toLocaleString() }),
        col.accessor("profiles", {
          header: "Profiles",
          cell: (info) => (
            <span className="flex flex-wrap gap-x-2">
              {info.row.original.profiles.map((p) => (
                <Link key={p.id} href={`/integration-profiles/${p.id}/unrecognized-identifiers`} className="text-primary hover:underline">
                  {p.name}
                </Link>
              ))}
            </span>
          ),
        }),
        col.accessor("firstSeenAt", { header: "First seen", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        col.accessor("lastSeenAt", { header: "Last seen", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        col.accessor("open", {
          id: "state",
          header: "State",
          cell: (info) =>
            info.getValue() ? <Badge variant="warning">Open</Badge> : <Badge variant="success">{unrecognizedStateText(info.row.original)}</Badge>,
        }),
        col.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: (info) =>
            canMap && info.row.original.open ? (
              <MapIdentifierDialog
                profileType={info.row.original.profileType}
                profileTypeLabel={info.row.original.profileTypeLabel}
                identifier={info.row.original.identifier}
                subscriptions={info.row.original.subscriptions}
                profileId={profileId ?? info.row.original.profiles[0]?.id}
                models={models}
                onMapped={setMessage}
              />
            ) : null,
        }),
      ] as ListColumn<UnrecognizedRow>[],
    [canMap, models, profileId],
  );
  const visible = new Set(props.spec.columns.map((c) => c.id));
  return (
    <div className="flex flex-col gap-3">
      {message && (
        <p role="status" className="rounded-md bg-success/10 px-3 py-2 text-sm text-success">
          {message}
        </p>
      )}
      <DataTable
        {...props}
        columns={columns.filter((c) => {
          const id = (c as { id?: string; accessorKey?: string }).id ?? (c as { accessorKey?: string }).accessorKey;
          return id === "actions" || (id !== undefined && visible.has(id));
        })}
        getRowId={(r) => r.key}
        empty={
          <EmptyState title="Nothing to map">
            When a download meets a license identifier with no software model, it is listed here with its number of subscriptions until a sam_admin maps it to a model.
          </EmptyState>
        }
      />
    </div>
  );
}
