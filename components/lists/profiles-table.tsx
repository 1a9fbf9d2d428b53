"use client";
import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ProfileRow } from "@/lib/services/profiles/list-profiles";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { ProfileStatusBadge } from "@/components/profiles/profile-status-badge";

const col = createColumnHelper<ListFeatures, ProfileRow>();
const TYPE_LABELS: Record<string, string> = { miro_enterprise_subscription: "Miro Enterprise Subscription" };

const columns = [
  col.accessor("displayName", {
    header: "Display Name",
    cell: (info) => (
      <Link className="font-medium text-primary hover:underline" href={`/integration-profiles/${info.row.original.id}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  col.accessor("profileType", { header: "Profile Type", cell: (info) => TYPE_LABELS[info.getValue()] ?? info.getValue() }),
  col.accessor("status", { header: "Status", cell: (info) => <ProfileStatusBadge status={info.getValue()} /> }),
  col.accessor("lastValidatedAt", {
    header: "Last validation",
    cell: (info) =>
      info.getValue() ? (
        <span>
          <LocalTime iso={info.getValue()} /> {info.row.original.lastValidationOk ? "· passed" : "· failed"}
        </span>
      ) : (
        <span className="text-muted-foreground">Never</span>
      ),
  }),
  col.accessor("lastRunAt", { header: "Last run", cell: (info) => (info.getValue() ? <LocalTime iso={info.getValue()} /> : <span className="text-muted-foreground">Never</span>) }),
  col.accessor("updatedAt", { header: "Updated", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<ProfileRow>[];

export function ProfilesTable(props: { spec: ListSpec; params: ListParams; rows: ProfileRow[]; total: number; canManage: boolean }) {
  return (
    <DataTable
      spec={props.spec}
      params={props.params}
      columns={columns}
      rows={props.rows}
      total={props.total}
      getRowId={(r) => r.id}
      exportHref="/api/lists/integration-profiles/export"
      empty={
        <EmptyState title="No integration profile yet" action={props.canManage ? { label: "New", href: "/integration-profiles/new" } : undefined}>
          {props.canManage
            ? "Create one with New › Miro Enterprise › Continue, connect it to Miro's OAuth app and SCIM token, validate the connection and publish it."
            : "A sam_integrator creates profiles: New › Miro Enterprise › Continue, then connects, validates and publishes it."}
        </EmptyState>
      }
    />
  );
}
