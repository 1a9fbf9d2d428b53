import Link from "next/link";
import { JOB_STATE_LABELS } from "../db/schema/job-labels";
import type { JobResultRow } from "../services/jobs/list-job-results";
import type { ScheduledJobRow } from "../services/jobs/list-scheduled-jobs";
import { defineColumns, yesNo } from "../table/columns";
import { describeCron, formatDuration, JOB_TRIGGER_LABELS } from "./jobs-format";
import { JobProgress } from "@/components/jobs/job-progress";
import { JobStateBadge } from "@/components/jobs/job-state-badge";
import { JobWarningCell } from "@/components/jobs/job-warning-cell";
import { LatestJobResult } from "@/components/jobs/latest-job-result";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";

const muted = (text: string) => <span className="text-muted-foreground">{text}</span>;
const time = (iso: string | null) => (
  <span className="whitespace-nowrap">
    <LocalTime iso={iso} />
  </span>
);
const open = (r: JobResultRow) => r.state === "queued" || r.state === "running";

/** **Scheduled jobs** (global, and a profile's **Scheduled Jobs**). */
export const scheduledJobColumns = defineColumns<ScheduledJobRow>()([
  { id: "name", label: "Name", hideable: false, text: (r) => r.name },
  {
    id: "profile",
    label: "Profile",
    text: (r) => r.profileName,
    cell: (r) =>
      r.profileId ? (
        <Link className="text-primary hover:underline" href={`/integration-profiles/${r.profileId}`}>
          {r.profileName}
        </Link>
      ) : (
        muted("Workspace")
      ),
  },
  { id: "cron", label: "Schedule", text: (r) => describeCron(r.cron, r.timeZone) },
  { id: "active", label: "Active", text: (r) => yesNo(r.active), cell: (r) => <ActiveBadge active={r.active} /> },
  { id: "lastRunAt", label: "Last run", text: (r) => r.lastRunAt, cell: (r) => (r.lastRunAt ? <LocalTime iso={r.lastRunAt} /> : muted("Not run yet")) },
  { id: "latest", label: "Latest result", text: (r) => (r.latest ? JOB_STATE_LABELS[r.latest.state] : ""), cell: (r) => <LatestJobResult row={r} /> },
  { id: "nextRunAt", label: "Next run", defaultHidden: true, text: (r) => r.nextRunAt, cell: (r) => <LocalTime iso={r.nextRunAt} /> },
  { id: "createdAt", label: "Created", defaultHidden: true, text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);

/** **Scheduled job results**: one row per run; a running one shows live progress. */
export const jobResultColumns = defineColumns<JobResultRow>()([
  {
    id: "state",
    label: "State",
    hideable: false,
    text: (r) => JOB_STATE_LABELS[r.state],
    cell: (r) =>
      open(r) ? (
        <JobProgress id={r.id} initial={{ state: r.state, membersRead: r.membersRead, totalExpected: r.totalExpected, pages: r.pages }} compact />
      ) : (
        <JobStateBadge state={r.state} />
      ),
  },
  { id: "warningText", label: "Warning", text: (r) => r.warningText, cell: (r) => <JobWarningCell row={r} /> },
  { id: "job", label: "Scheduled job", text: (r) => r.jobName, cell: (r) => <span className="block min-w-48">{r.jobName}</span> },
  {
    id: "profile",
    label: "Profile",
    text: (r) => r.profileName,
    cell: (r) =>
      r.profileId ? (
        <Link className="block min-w-40 text-primary hover:underline" href={`/integration-profiles/${r.profileId}/job-results`}>
          {r.profileName}
        </Link>
      ) : (
        muted("—")
      ),
  },
  { id: "trigger", label: "Started by", defaultHidden: true, text: (r) => JOB_TRIGGER_LABELS[r.trigger] ?? r.trigger },
  { id: "startedAt", label: "Start", text: (r) => r.startedAt, cell: (r) => time(r.startedAt) },
  { id: "endedAt", label: "End", text: (r) => r.endedAt, cell: (r) => time(r.endedAt) },
  { id: "duration", label: "Duration", text: (r) => formatDuration(r.durationMs), cell: (r) => <span className="whitespace-nowrap">{formatDuration(r.durationMs)}</span> },
  { id: "pages", label: "Pages", text: (r) => r.pages },
  {
    id: "membersRead",
    label: "Members read",
    text: (r) => r.membersRead,
    cell: (r) =>
      r.membersRead === null ? (
        muted("—")
      ) : r.totalExpected && open(r) ? (
        <span className="whitespace-nowrap">
          {r.membersRead.toLocaleString()} of {r.totalExpected.toLocaleString()}
        </span>
      ) : (
        <span className="whitespace-nowrap">{r.membersRead.toLocaleString()}</span>
      ),
  },
  { id: "created", label: "Created", text: (r) => r.created },
  { id: "updated", label: "Updated", text: (r) => r.updated },
  { id: "unchanged", label: "Unchanged", text: (r) => r.unchanged },
  { id: "removed", label: "Removed", text: (r) => r.removed },
  { id: "excluded", label: "Excluded", text: (r) => r.excluded },
  { id: "unrecognized", label: "Unrecognized identifiers", text: (r) => r.unrecognized },
  { id: "httpRetries", label: "HTTP retries", text: (r) => r.httpRetries },
  { id: "rateLimited", label: "429s", text: (r) => r.rateLimited },
  { id: "candidates", label: "Removal candidates", text: (r) => r.candidates, cell: (r) => <span className="whitespace-nowrap">{r.candidates ?? muted("—")}</span> },
  {
    id: "errorText",
    label: "Error",
    text: (r) => r.errorText,
    cell: (r) => (r.errorText ? <span className="block min-w-64 max-w-md text-xs text-destructive">{r.errorText}</span> : muted("—")),
  },
]);
