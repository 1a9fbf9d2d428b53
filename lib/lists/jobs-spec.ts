import { JOB_STATE_LABELS, JOB_TRIGGERS, jobStateEnum } from "../db/schema/jobs";
import type { ListSpec } from "../table/list-spec";

const jobColumns = [
  { id: "name", label: "Name", hideable: false },
  { id: "profile", label: "Profile" },
  { id: "cron", label: "Schedule" },
  { id: "active", label: "Active" },
  { id: "lastRunAt", label: "Last run" },
  { id: "latest", label: "Latest result" },
  { id: "nextRunAt", label: "Next run", defaultHidden: true },
  { id: "createdAt", label: "Created", defaultHidden: true },
] as const;

/** **Scheduled jobs** (all of them). */
export const scheduledJobsSpec = {
  id: "scheduled-jobs",
  columns: jobColumns,
  sortable: ["name", "lastRunAt", "nextRunAt", "createdAt"],
  defaultSort: { id: "name", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Job name" },
    profile: { kind: "select", label: "Profile", options: [], dynamic: true },
  },
} as const satisfies ListSpec<"name" | "lastRunAt" | "nextRunAt" | "createdAt", "q" | "profile">;

/** The profile's related list **Scheduled Jobs**. */
export const profileJobsSpec = {
  ...scheduledJobsSpec,
  id: "profile-scheduled-jobs",
  columns: jobColumns.filter((c) => c.id !== "profile"),
  filters: {},
} as const satisfies ListSpec<"name" | "lastRunAt" | "nextRunAt" | "createdAt", never>;

export type ScheduledJobsSortKey = (typeof scheduledJobsSpec.sortable)[number];
export type ScheduledJobsFilterKey = keyof typeof scheduledJobsSpec.filters;

const resultColumns = [
  { id: "state", label: "State", hideable: false },
  { id: "warningText", label: "Warning" },
  { id: "job", label: "Scheduled job" },
  { id: "profile", label: "Profile" },
  { id: "trigger", label: "Started by", defaultHidden: true },
  { id: "startedAt", label: "Start" },
  { id: "endedAt", label: "End" },
  { id: "duration", label: "Duration" },
  { id: "pages", label: "Pages" },
  { id: "membersRead", label: "Members read" },
  { id: "created", label: "Created" },
  { id: "updated", label: "Updated" },
  { id: "unchanged", label: "Unchanged" },
  { id: "removed", label: "Removed" },
  { id: "excluded", label: "Excluded" },
  { id: "unrecognized", label: "Unrecognized identifiers" },
  { id: "httpRetries", label: "HTTP retries" },
  { id: "rateLimited", label: "429s" },
  { id: "candidates", label: "Removal candidates" },
  { id: "errorText", label: "Error" },
] as const;

export const JOB_TRIGGER_LABELS: Record<(typeof JOB_TRIGGERS)[number], string> = { schedule: "Schedule", manual: "Execute Now", publish: "Publish" };

/** **Scheduled job results** (all runs, newest first). */
export const jobResultsSpec = {
  id: "job-results",
  columns: resultColumns,
  sortable: ["createdAt", "startedAt", "duration", "membersRead"],
  defaultSort: { id: "createdAt", desc: true },
  filters: {
    state: { kind: "select", label: "State", options: jobStateEnum.enumValues.map((s) => ({ value: s, label: JOB_STATE_LABELS[s] })) },
    trigger: { kind: "select", label: "Started by", options: JOB_TRIGGERS.map((t) => ({ value: t, label: JOB_TRIGGER_LABELS[t] })) },
    profile: { kind: "select", label: "Profile", options: [], dynamic: true },
  },
} as const satisfies ListSpec<"createdAt" | "startedAt" | "duration" | "membersRead", "state" | "trigger" | "profile">;

const { profile: _profile, ...profileResultFilters } = jobResultsSpec.filters;

/** The profile's related list **Scheduled Job Results**. */
export const profileJobResultsSpec = {
  ...jobResultsSpec,
  id: "profile-job-results",
  // One profile has one download job: its name in every row says nothing.
  columns: resultColumns.filter((c) => c.id !== "profile").map((c) => (c.id === "job" ? { ...c, defaultHidden: true } : c)),
  filters: profileResultFilters,
} as const satisfies ListSpec<"createdAt" | "startedAt" | "duration" | "membersRead", "state" | "trigger">;

export type JobResultsSortKey = (typeof jobResultsSpec.sortable)[number];
export type JobResultsFilterKey = keyof typeof jobResultsSpec.filters;

/** "2 h 5 min", "1 min 23 s", "4 s": a run's duration in words. */
export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "Daily at 02:00 UTC" for the daily cron Publish writes; other expressions as they are. */
export function describeCron(cron: string, timeZone = "UTC"): string {
  const m = /^(\d+) (\d+) \* \* \*$/.exec(cron);
  return m ? `Daily at ${m[2]!.padStart(2, "0")}:${m[1]!.padStart(2, "0")} ${timeZone}` : `${cron} (${timeZone})`;
}
