import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { downloadResults, jobResults } from "../../db/schema";
import type { RunAttempt } from "./finish-run";
import type { DownloadCounters } from "./types";

/*
 * The run's counters in its `download_results` row (product.md §4.8): about once a second while it reads, so the
 * profile page and the job list show live progress, and once at the end (also after a failure, with
 * the counts reached). The job engine owns the row's state, times and error text; this writes only
 * while the row is `running`, so a run the engine already closed is never reopened or overwritten.
 */

export const PROGRESS_INTERVAL_MS = 1000;

export class ProgressWriter {
  private lastWrite = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly run: RunAttempt,
    private readonly now: () => number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  private async write(c: DownloadCounters, details?: Record<string, unknown>): Promise<void> {
    const detailsPatch = details ? sql`, details = details || ${JSON.stringify({ download: details })}::jsonb` : sql``;
    // One statement: the counters are written only while this attempt owns the run, so a replaced
    // attempt never overwrites its successor's counts and a closed run is never reopened.
    await this.db.execute(sql`
      with owned as (
        update ${jobResults} set updated_at = now()${detailsPatch}
        where id = ${this.run.jobResultId}::uuid and state = 'running'
          and coalesce(details -> 'engine' ->> 'token', ${this.run.attempt}) = ${this.run.attempt}
        returning id
      )
      insert into ${downloadResults} (job_result_id, pages, members_read, subscriptions_created, subscriptions_updated,
        subscriptions_unchanged, subscriptions_removed, subscriptions_excluded, unrecognized_identifiers, http_retries, rate_limited)
      select id, ${c.pages}, ${c.membersRead}, ${c.created}, ${c.updated}, ${c.unchanged}, ${c.removed}, ${c.excluded},
        ${c.unrecognizedIdentifiers}, ${c.httpRetries}, ${c.rateLimited} from owned
      on conflict (job_result_id) do update set pages = excluded.pages, members_read = excluded.members_read,
        subscriptions_created = excluded.subscriptions_created, subscriptions_updated = excluded.subscriptions_updated,
        subscriptions_unchanged = excluded.subscriptions_unchanged, subscriptions_removed = excluded.subscriptions_removed,
        subscriptions_excluded = excluded.subscriptions_excluded, unrecognized_identifiers = excluded.unrecognized_identifiers,
        http_retries = excluded.http_retries, rate_limited = excluded.rate_limited, updated_at = now()`);
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
