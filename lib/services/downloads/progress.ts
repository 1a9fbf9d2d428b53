import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { jobResults } from "../../db/schema";
import type { RunAttempt } from "./finish-run";
import type { DownloadCounters } from "./types";

/*
 * The run's counters in its job result (product.md §4.8): about once a second while it reads, so the
 * profile page and the job list show live progress, and once at the end (also after a failure, with
 * the counts reached). The job engine owns the row's state, times and error text; this writes only
 * while the row is `running`, so a run the engine already closed is never reopened or overwritten.
 */

export const PROGRESS_INTERVAL_MS = 1000;

function columns(c: DownloadCounters) {
  return {
    pages: c.pages,
    membersRead: c.membersRead,
    subscriptionsCreated: c.created,
    subscriptionsUpdated: c.updated,
    subscriptionsUnchanged: c.unchanged,
    subscriptionsRemoved: c.removed,
    subscriptionsExcluded: c.excluded,
    unrecognizedIdentifiers: c.unrecognizedIdentifiers,
    httpRetries: c.httpRetries,
    rateLimited: c.rateLimited,
  };
}

export class ProgressWriter {
  private lastWrite = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly run: RunAttempt,
    private readonly now: () => number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  private async write(counters: DownloadCounters, details?: Record<string, unknown>): Promise<void> {
    await this.db
      .update(jobResults)
      .set({
        ...columns(counters),
        ...(details ? { details: sql`${jobResults.details} || ${JSON.stringify({ download: details })}::jsonb` } : {}),
        updatedAt: sql`now()`,
      })
      // Only while this attempt owns the run: a replaced attempt never overwrites its successor's counts.
      .where(
        and(
          eq(jobResults.id, this.run.jobResultId),
          eq(jobResults.state, "running"),
          sql`coalesce(${jobResults.details} -> 'engine' ->> 'token', ${this.run.attempt}) = ${this.run.attempt}`,
        ),
      );
  }

  /** Writes if the last write is older than the interval; never more than one write at a time. */
  async maybeWrite(counters: DownloadCounters): Promise<void> {
    const now = this.now();
    if (this.inFlight || now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    this.inFlight = this.write({ ...counters }).finally(() => {
      this.inFlight = undefined;
    });
    await this.inFlight;
  }

  /** The last write of the run, after any write still in flight. */
  async final(counters: DownloadCounters, details: Record<string, unknown>): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    this.lastWrite = this.now();
    await this.write({ ...counters }, details);
  }
}
