"use client";
import { scheduledJobColumns } from "@/lib/lists/jobs-columns";
import type { ScheduledJobRow } from "@/lib/services/jobs/list-scheduled-jobs";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { ExecuteNowButton } from "@/components/jobs/execute-now-button";

const Table = createListTable<ScheduledJobRow>(scheduledJobColumns, (r) => r.id);

/** **Scheduled jobs** (global, and a profile's **Scheduled Jobs**), with the latest result and Execute Now. */
export function ScheduledJobsTable({ canRun, ...props }: Omit<ListTableProps<ScheduledJobRow>, "empty" | "actions"> & { canRun: boolean }) {
  return (
    <Table
      {...props}
      actions={(job) => {
        if (!canRun || !job.runnable) return null;
        const latestRun = job.latest ? `${job.latest.id}:${job.latest.state}` : undefined;
        return <ExecuteNowButton scheduledJobId={job.id} jobName={job.name} latestRun={latestRun} />;
      }}
      empty={
        <EmptyState title="No scheduled jobs yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
          Publishing a direct integration profile creates its daily job “SAM - Refresh &lt;Display Name&gt; Subscriptions”; its runs are listed as Scheduled job results.
        </EmptyState>
      }
    />
  );
}
