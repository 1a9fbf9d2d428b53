import "server-only";
/** The attempt of a run: its job result and its own id (the job engine's attempt token). */
export type RunAttempt = { jobResultId: string; attempt: string };

/**
 * Still this attempt's run: the job result is running and its engine token, when it has one, is the
 * attempt's. A superseded attempt (the stale-run sweep handed the run to another) fails this check
 * inside the same statement as its write, so it can never sweep with what it saw. `run` and
 * `attempt` name the statement's parameters.
 */
export const ownsRun = (run: string, attempt: string) => `exists (
  select 1 from job_results j
  where j.id = ${run}::uuid and j.state = 'running' and coalesce(j.details -> 'engine' ->> 'token', ${attempt}::text) = ${attempt}::text)`;

/** The run was handed to another attempt: this one stops without writing anything more. */
export class SupersededError extends Error {
  constructor() {
    super("attempt stopped: superseded");
    this.name = "SupersededError";
  }
}
