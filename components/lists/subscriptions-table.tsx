"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { exclusionText } from "@/lib/lists/subscriptions-spec";
import type { SubscriptionRow, SubscriptionsPage } from "@/lib/services/subscriptions/list-subscriptions";
import type { ListTotal } from "@/lib/table/sql";
import { DataTable, type FilterOptions, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const col = createColumnHelper<ListFeatures, SubscriptionRow>();
const never = <span className="text-muted-foreground">Never</span>;
const dash = <span className="text-muted-foreground">—</span>;

const columns = [
  col.accessor("userPrincipalName", {
    header: "User principal name",
    cell: (info) => (
      <span className="flex flex-col">
        <span>{info.getValue()}</span>
        {info.row.original.displayName && <span className="text-xs text-muted-foreground">{info.row.original.displayName}</span>}
      </span>
    ),
  }),
  col.accessor("userName", { id: "user", header: "User", cell: (info) => info.getValue() ?? dash }),
  col.accessor("softwareModel", {
    id: "softwareModel",
    header: "Software model",
    cell: (info) => (info.row.original.softwareModel ? <span className="block min-w-40">{info.row.original.softwareModel}</span> : dash),
  }),
  col.accessor("subscriptionIdentifier", { header: "Subscription identifier", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
  col.accessor("lastActivityAt", { header: "Last activity", cell: (info) => (info.getValue() ? <LocalTime iso={info.getValue()} dateOnly /> : never) }),
  col.accessor("inactiveDays", { header: "Inactive days", cell: (info) => (info.getValue() === null ? never : info.getValue()!.toLocaleString()) }),
  col.accessor("subscriptionAssignedAt", { header: "Subscription assigned", cell: (info) => <LocalTime iso={info.getValue()} dateOnly /> }),
  col.accessor("active", { header: "Active", cell: (info) => (info.getValue() ? "Yes" : <Badge variant="muted">No</Badge>) }),
  col.accessor("excluded", {
    header: "Excluded",
    cell: (info) => (info.getValue() ? <Badge variant="warning">{exclusionText(info.row.original)}</Badge> : <span className="text-muted-foreground">No</span>),
  }),
  col.accessor("profileName", {
    id: "profile",
    header: "Profile",
    cell: (info) => (
      <Link className="block min-w-40 text-primary hover:underline" href={`/integration-profiles/${info.row.original.profileId}`}>
        {info.getValue()}
      </Link>
    ),
  }),
] as ListColumn<SubscriptionRow>[];

/**
 * **Software Subscriptions** / **All user subscriptions**: keyset-paged; the total (estimated beyond
 * 20k rows) arrives after the rows unless the page is the only one.
 */
export function SubscriptionsTable(props: {
  spec: ListSpec;
  params: ListParams;
  page: SubscriptionsPage;
  /** `countSubscriptions` of the same filter, started beside the page. */
  totalLater: Promise<ListTotal | null>;
  filterOptions: FilterOptions;
  exportHref: string;
  empty: { title: string; body: string };
}) {
  return (
    <DataTable
      spec={props.spec}
      params={props.params}
      columns={columns}
      rows={props.page.rows}
      total={props.page.total?.total ?? props.totalLater}
      estimated={props.page.total?.estimated}
      cursors={props.page.cursors}
      filterOptions={props.filterOptions}
      getRowId={(r) => r.id}
      exportHref={props.exportHref}
      empty={<EmptyState title={props.empty.title}>{props.empty.body}</EmptyState>}
    />
  );
}
