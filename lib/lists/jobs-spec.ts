import { JOB_STATE_LABELS, JOB_TRIGGERS, jobStateEnum } from "../db/schema/jobs";
import { specColumns } from "../table/columns";
import type { ListSpec } from "../table/list-spec";
import { JOB_TRIGGER_LABELS } from "./jobs-format";
import { jobResultColumns, scheduledJobColumns } from "./jobs-columns";

export { describeCron, formatDuration, JOB_TRIGGER_LABELS } from "./jobs-format";

const jobColumns = specColumns(scheduledJobColumns);

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

const resultColumns = specColumns(jobResultColumns);


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
