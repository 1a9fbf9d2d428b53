"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { describeCron } from "@/lib/lists/jobs-spec";
import type { ScheduledJobRow } from "@/lib/services/jobs/list-scheduled-jobs";
import { DataTable, type FilterOptions, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";
import { ExecuteNowButton } from "@/components/jobs/execute-now-button";
import { JobProgress } from "@/components/jobs/job-progress";
import { JobStateBadge } from "@/components/jobs/job-state-badge";

const col = createColumnHelper<ListFeatures, ScheduledJobRow>();

function Latest({ row }: { row: ScheduledJobRow }) {
  const l = row.latest;
  if (!l) return <span className="text-muted-foreground">Not run yet</span>;
  if (l.state === "queued" || l.state === "running") {
    return <JobProgress id={l.id} initial={{ state: l.state, membersRead: l.membersRead, totalExpected: l.totalExpected, pages: 0 }} compact />;
  }
  return (
    <span className="flex flex-col gap-0.5">
      <span className="flex items-center gap-2">
        <JobStateBadge state={l.state} />
        <span className="text-xs text-muted-foreground">{l.membersRead.toLocaleString()} members read</span>
      </span>
      {l.state === "failed" && l.errorText && <span className="max-w-sm text-xs text-destructive">{l.errorText}</span>}
    </span>
  );
}

type Props = {
  spec: ListSpec;
  params: ListParams;
  rows: ScheduledJobRow[];
  total: number;
  exportHref: string;
  filterOptions?: FilterOptions;
  /** sam_integrator: Execute Now. */
  canRun: boolean;
};

/** **Scheduled jobs** (global, and a profile's **Scheduled Jobs**), with the latest result and Execute Now. */
export function ScheduledJobsTable({ canRun, ...props }: Props) {
  const columns = useMemo(
    () =>
      [
        col.accessor("name", { header: "Name" }),
        col.accessor("profileName", {
          id: "profile",
          header: "Profile",
          cell: (info) =>
            info.row.original.profileId ? (
              <Link className="text-primary hover:underline" href={`/integration-profiles/${info.row.original.profileId}`}>
                {info.getValue()}
              </Link>
            ) : (
              <span className="text-muted-foreground">Workspace</span>
            ),
        }),
        col.accessor("cron", { header: "Schedule", cell: (info) => describeCron(info.getValue(), info.row.original.timeZone) }),
        col.accessor("active", { header: "Active", cell: (info) => <ActiveBadge active={info.getValue()} /> }),
        col.accessor("lastRunAt", { header: "Last run", cell: (info) => (info.getValue() ? <LocalTime iso={info.getValue()} /> : <span className="text-muted-foreground">Not run yet</span>) }),
        col.display({ id: "latest", header: "Latest result", cell: (info) => <Latest row={info.row.original} /> }),
        col.accessor("nextRunAt", { header: "Next run", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        col.accessor("createdAt", { header: "Created", cell: (info) => <LocalTime iso={info.getValue()} /> }),
        col.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: (info) => {
            const job = info.row.original;
            if (!canRun || !job.runnable) return null;
            const latestRun = job.latest ? `${job.latest.id}:${job.latest.state}` : undefined;
            return <ExecuteNowButton scheduledJobId={job.id} jobName={job.name} latestRun={latestRun} />;
          },
        }),
      ] as ListColumn<ScheduledJobRow>[],
    [canRun],
  );
  const known = new Set(props.spec.columns.map((c) => c.id));
  return (
    <DataTable
      {...props}
      columns={columns.filter((c) => {
        const id = (c as { id?: string; accessorKey?: string }).id ?? (c as { accessorKey?: string }).accessorKey;
        return id === "actions" || (id !== undefined && known.has(id));
      })}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No scheduled jobs yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
          Publishing a direct integration profile creates its daily job “SAM - Refresh &lt;Display Name&gt; Subscriptions”; its runs are listed as Scheduled job results.
        </EmptyState>
      }
    />
  );
}
