"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import { formatDuration, JOB_TRIGGER_LABELS } from "@/lib/lists/jobs-spec";
import type { JobResultRow } from "@/lib/services/jobs/list-job-results";
import { DataTable, type FilterOptions, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { JobProgress } from "@/components/jobs/job-progress";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { ConfirmRemovalsButton } from "@/components/jobs/confirm-removals-button";
import { createContext, useContext } from "react";

/** Whether the person may confirm held-back removals (sam_integrator); the action checks again. */
const CanConfirm = createContext(false);

function WarningCell({ row }: { row: JobResultRow }) {
  const canConfirm = useContext(CanConfirm);
  if (!row.warningText) return <span className="text-muted-foreground">—</span>;
  return (
    <div className="min-w-80 max-w-md text-xs text-warning">
      <p>{row.warningText}</p>
      {canConfirm && row.pendingRemovals > 0 && <ConfirmRemovalsButton jobResultId={row.id} count={row.pendingRemovals} />}
    </div>
  );
}

const col = createColumnHelper<ListFeatures, JobResultRow>();
const n = (v: number) => <span className="whitespace-nowrap">{v.toLocaleString()}</span>;
const time = (iso: string | null) => (
  <span className="whitespace-nowrap">
    <LocalTime iso={iso} />
  </span>
);
const open = (r: JobResultRow) => r.state === "queued" || r.state === "running";

const columns = [
  col.accessor("state", {
    header: "State",
    cell: (info) => {
      const r = info.row.original;
      return open(r) ? (
        <JobProgress id={r.id} initial={{ state: r.state, membersRead: r.membersRead, totalExpected: r.totalExpected, pages: r.pages }} compact />
      ) : (
        <JobStateBadge state={r.state} />
      );
    },
  }),
  col.accessor("warningText", { header: "Warning", cell: (info) => <WarningCell row={info.row.original} /> }),
  col.accessor("jobName", { id: "job", header: "Scheduled job", cell: (info) => <span className="block min-w-48">{info.row.original.jobName}</span> }),
  col.accessor("profileName", {
    id: "profile",
    header: "Profile",
    cell: (info) =>
      info.row.original.profileId ? (
        <Link className="block min-w-40 text-primary hover:underline" href={`/integration-profiles/${info.row.original.profileId}/job-results`}>
          {info.getValue()}
        </Link>
      ) : (
        "—"
      ),
  }),
  col.accessor("trigger", { header: "Started by", cell: (info) => JOB_TRIGGER_LABELS[info.row.original.trigger] ?? info.row.original.trigger }),
  col.accessor("startedAt", { header: "Start", cell: (info) => time(info.row.original.startedAt) }),
  col.accessor("endedAt", { header: "End", cell: (info) => time(info.row.original.endedAt) }),
  col.accessor("durationMs", { id: "duration", header: "Duration", cell: (info) => <span className="whitespace-nowrap">{formatDuration(info.row.original.durationMs)}</span> }),
  col.accessor("pages", { header: "Pages", cell: (info) => n(info.getValue()) }),
  col.accessor("membersRead", {
    header: "Members read",
    cell: (info) => {
      const r = info.row.original;
      return r.totalExpected && open(r) ? (
        <span className="whitespace-nowrap">
          {r.membersRead.toLocaleString()} of {r.totalExpected.toLocaleString()}
        </span>
      ) : (
        n(r.membersRead)
      );
    },
  }),
  col.accessor("created", { header: "Created", cell: (info) => n(info.getValue()) }),
  col.accessor("updated", { header: "Updated", cell: (info) => n(info.getValue()) }),
  col.accessor("unchanged", { header: "Unchanged", cell: (info) => n(info.getValue()) }),
  col.accessor("removed", { header: "Removed", cell: (info) => n(info.getValue()) }),
  col.accessor("excluded", { header: "Excluded", cell: (info) => n(info.getValue()) }),
  col.accessor("unrecognized", { header: "Unrecognized identifiers", cell: (info) => n(info.getValue()) }),
  col.accessor("httpRetries", { header: "HTTP retries", cell: (info) => n(info.getValue()) }),
  col.accessor("rateLimited", { header: "429s", cell: (info) => n(info.getValue()) }),
  col.accessor("candidates", {
    header: "Removal candidates",
    cell: (info) => <span className="whitespace-nowrap">{info.getValue() ?? <span className="text-muted-foreground">—</span>}</span>,
  }),
  col.accessor("errorText", {
    header: "Error",
    cell: (info) => (info.getValue() ? <span className="block min-w-64 max-w-md text-xs text-destructive">{info.getValue()}</span> : <span className="text-muted-foreground">—</span>),
  }),
] as ListColumn<JobResultRow>[];

/** **Scheduled Job Results**: one row per run; a running one shows live progress. */
export function JobResultsTable({
  canConfirm = false,
  ...props
}: { spec: ListSpec; params: ListParams; rows: JobResultRow[]; total: number; exportHref: string; filterOptions?: FilterOptions; canConfirm?: boolean }) {
  const known = new Set(props.spec.columns.map((c) => c.id));
  return (
    <CanConfirm.Provider value={canConfirm}>
    <DataTable
      {...props}
      columns={columns.filter((c) => {
        const id = (c as { id?: string; accessorKey?: string }).id ?? (c as { accessorKey?: string }).accessorKey;
        return id !== undefined && known.has(id);
      })}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No job results yet">
          Each run of a download job writes a Scheduled Job Result here: state, duration, members read, subscriptions created, updated and removed, and the error in words.
        </EmptyState>
      }
    />
    </CanConfirm.Provider>
  );
}
