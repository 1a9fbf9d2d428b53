"use client";
import type { ScheduledJobRow } from "@/lib/services/jobs/list-scheduled-jobs";
import { JobProgress } from "@/components/jobs/job-progress";
import { JobStateBadge } from "@/components/jobs/job-state-badge";

/** A scheduled job's latest run: live progress while it runs, else its state and the error in words. */
export function LatestJobResult({ row }: { row: ScheduledJobRow }) {
  const l = row.latest;
  if (!l) return <span className="text-muted-foreground">Not run yet</span>;
  if (l.state === "queued" || l.state === "running") {
    return <JobProgress id={l.id} initial={{ state: l.state, membersRead: l.membersRead, totalExpected: l.totalExpected, pages: 0 }} compact />;
  }
  return (
    <span className="flex flex-col gap-0.5">
      <span className="flex items-center gap-2">
        <JobStateBadge state={l.state} />
        {l.membersRead !== null && <span className="text-xs text-muted-foreground">{l.membersRead.toLocaleString()} members read</span>}
      </span>
      {l.state === "failed" && l.errorText && <span className="max-w-sm text-xs text-destructive">{l.errorText}</span>}
    </span>
  );
}
