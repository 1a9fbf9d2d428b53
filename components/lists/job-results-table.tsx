"use client";
import { jobResultColumns } from "@/lib/lists/jobs-columns";
import type { JobResultRow } from "@/lib/services/jobs/list-job-results";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { ConfirmRemovalsButton } from "@/components/jobs/confirm-removals-button";
import { ConfirmRemovalsSlot } from "@/components/jobs/job-warning-cell";

const Table = createListTable<JobResultRow>(jobResultColumns, (r) => r.id);

/** **Scheduled Job Results** (global, and a profile's related list): one row per run. */
export function JobResultsTable({ canConfirm = false, ...props }: Omit<ListTableProps<JobResultRow>, "empty"> & { canConfirm?: boolean }) {
  return (
    <ConfirmRemovalsSlot render={canConfirm ? (r) => <ConfirmRemovalsButton jobResultId={r.id} count={r.pendingRemovals} /> : null}>
      <Table
        {...props}
        empty={
          <EmptyState title="No job results yet">
            Each run of a job writes a Scheduled Job Result here: state, duration, members read, subscriptions created, updated and removed, and the error in words.
          </EmptyState>
        }
      />
    </ConfirmRemovalsSlot>
  );
}
