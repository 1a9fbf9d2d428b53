"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ProfileJobRow } from "@/lib/services/profiles/list-profile-jobs";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const col = createColumnHelper<ListFeatures, ProfileJobRow>();
const describeCron = (cron: string) => (/^\d+ \d+ \* \* \*$/.test(cron) ? `Daily at ${cron.split(" ")[1]!.padStart(2, "0")}:${cron.split(" ")[0]!.padStart(2, "0")} UTC` : cron);
const columns = [
  col.accessor("name", { header: "Name" }),
  col.accessor("cron", { header: "Schedule", cell: (info) => describeCron(info.getValue()) }),
  col.accessor("active", { header: "Active", cell: (info) => (info.getValue() ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Inactive</Badge>) }),
  col.accessor("lastRunAt", { header: "Last run", cell: (info) => (info.getValue() ? <LocalTime iso={info.getValue()} /> : <span className="text-muted-foreground">Not run yet</span>) }),
  col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
] as ListColumn<ProfileJobRow>[];

export function ProfileJobsTable(props: { spec: ListSpec; params: ListParams; rows: ProfileJobRow[]; total: number; profileId: string }) {
  return (
    <DataTable
      {...props}
      columns={columns}
      getRowId={(r) => r.id}
      exportHref={`/api/lists/profile-scheduled-jobs/export?profile=${props.profileId}`}
      empty={<EmptyState title="No scheduled jobs yet">Publishing the profile creates its daily job “SAM - Refresh &lt;Display Name&gt; Subscriptions”.</EmptyState>}
    />
  );
}
