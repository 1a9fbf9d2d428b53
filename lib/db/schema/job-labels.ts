/**
 * Job run states and their words on screen; without drizzle, so that client components can import
 * them (jobs.ts makes the job_state enum of these codes).
 */
export const JOB_STATES = ["queued", "running", "completed", "completed_with_warnings", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  completed_with_warnings: "Completed with warnings",
  failed: "Failed",
};
