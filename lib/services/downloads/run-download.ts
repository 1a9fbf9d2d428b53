import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { jobResults, scheduledJobs } from "../../db/schema";
import { VendorError, type AnyVendorAdapter } from "../../integrations/types";
import { dbTokenStore } from "../connections/token-store";
import { BatchWriter, releaseAll } from "./batch-writer";
import { completeRun } from "./complete-run";
import { DownloadError } from "./download-error";
import { PageFetcher, realClock, type Clock } from "./fetch-page";
import { clearSeenMembers, countCurrent } from "./finish-run";
import { readRunRules } from "./load-run-rules";
import { PageQueue } from "./page-queue";
import { loadProfile, prepareRun, previousRun } from "./prepare-run";
import { ProgressWriter } from "./progress";
import { rawQuery } from "./raw-sql";
import { createDecider } from "./run-rules";
import { runTokenSource } from "./token-source";
import { zeroCounters, type DownloadProgress, type DownloadSummary } from "./types";

export { DownloadError } from "./download-error";
export type { DownloadProgress, DownloadSummary } from "./types";

/*
 * **<Vendor> Download Subscriptions**, one run for one profile (product.md §4). The job engine creates
 * the run's job result (running), calls this, and closes the row afterwards (completed, or failed
 * with this function's error message); this function writes the counters into the row.
 *
 * The vendor's listing is read page by page through the profile's adapter and never held whole:
 * pages are fetched at most 40 ahead of the writer (page-queue.ts), which gathers up to 20 pages (or
 * what came within half a second from a slow vendor) and compares them in one statement
 * (batch-writer.ts, write-page.ts). Only when the last page has been read and written are the
 * profile's subscriptions that were not seen marked removed (complete-run.ts). Any failure before
 * that removes nothing.
 */

export type RunDownloadInput = {
  profileId: string;
  jobResultId: string;
  signal?: AbortSignal;
  /**
   * The job engine's token of this attempt (lib/jobs): the run's writes, clean-up and sweep are
   * fenced by it, so an attempt the stale-run sweep replaced can no longer change anything. Tests
   * that call the run directly may leave it out (a token of its own is made).
   */
  attemptToken?: string;
  /**
   * Called after every batch and once when the run starts finishing. The run waits for a promise it
   * returns (keep it short: the next page is already being fetched meanwhile).
   */
  onProgress?: (progress: DownloadProgress) => void;
};

/** Injected by tests and the benchmark; production uses the defaults. */
export type RunDownloadDeps = {
  /** The vendor's adapter; default the registry's for the profile's vendor. */
  adapter?: AnyVendorAdapter;
  clock?: Partial<Clock>;
  /** The AES key of the connection's secrets; default the environment's (lib/security/vault.ts). */
  encryptionKey?: string;
  progressIntervalMs?: number;
  /** Attempts per page for 5xx, transport failures and unreadable answers; default 5. */
  maxAttempts?: number;
  /** Receives how long each phase took, summed over the run (the benchmark prints it). */
  trace?: (phases: Record<string, number>) => void;
  /** Pages fetched ahead of the writer, at most (default 40). */
  pagesAhead?: number;
  /** Pages compared (and written) in one go (default 20; fewer when the vendor is slow). */
  pagesPerWrite?: number;
};

const PAGES_AHEAD = 40;
const PAGES_PER_WRITE = 20;
/**
 * How long a page may wait for the rest of its batch: when the vendor answers slowly (rate limits),
 * the batch is written with what came meanwhile, so that progress and the stored rows keep up.
 */
const HOLD_PAGES_MS = 500;

type Fetched = { members: readonly unknown[]; n: number; next: string | undefined };

export async function runDownload(db: Db, input: RunDownloadInput, deps: RunDownloadDeps = {}): Promise<DownloadSummary> {
  const clock: Clock = { ...realClock, ...deps.clock };
  const startedMs = clock.now();
  const { profileId, jobResultId } = input;
  const attempt = { jobResultId, attempt: input.attemptToken ?? randomUUID() };
  const query = rawQuery(db);
  const counters = zeroCounters();
  const progress = new ProgressWriter(db, attempt, clock.now, deps.progressIntervalMs);
  // Stops a fetch still in flight (or waiting out a rate limit) when the run fails.
  const internal = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, internal.signal]) : internal.signal;
  let previous: { membersRead: number | null; directory: string | null } = { membersRead: null, directory: null };
  let directory: string | null = null;
  let fetcher: PageFetcher | undefined;
  let unrecognizedSubscriptions = 0;
  let usersResolved = 0;
  let warning: string | undefined;
  let marked = false;
  let stopReading = () => {};
  const phases: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + performance.now() - t0;
    }
  };
  const syncFetchStats = () => {
    if (!fetcher) return;
    counters.httpRetries = fetcher.stats.httpRetries;
    counters.rateLimited = fetcher.stats.rateLimited;
  };
  const snapshot = (phase: DownloadProgress["phase"]): DownloadProgress => {
    syncFetchStats();
    return {
      phase,
      pages: counters.pages,
      membersRead: counters.membersRead,
      totalExpected: null,
      previousMembersRead: previous.membersRead,
      created: counters.created,
      updated: counters.updated,
      unchanged: counters.unchanged,
      httpRetries: counters.httpRetries,
      rateLimited: counters.rateLimited,
    };
  };
  const details = () => ({
    previousMembersRead: previous.membersRead,
    unrecognizedSubscriptions,
    usersResolved,
    pacedMs: Math.round(fetcher?.stats.pacedMs ?? 0),
    backoffMs: Math.round(fetcher?.stats.backoffMs ?? 0),
    ...(directory !== null ? { directoryFingerprint: directory } : {}),
    ...(warning ? { heldBack: true } : {}),
  });

  try {
    const profile = await loadProfile(db, profileId);
    const run = await prepareRun(db, profile, deps.adapter);
    const download = run.adapter.download;
    const settings = run.settings;
    const tokens = runTokenSource(run.adapter, dbTokenStore(db, run.connection.id, deps.encryptionKey), clock.now);
    fetcher = new PageFetcher({
      clock,
      tokens,
      signal,
      vendorName: download.vendorName,
      aliasId: run.aliasId,
      subject: run.subject,
      maxAttempts: deps.maxAttempts,
      rateLimit: download.rateLimit,
      forbiddenHint: download.forbiddenHint,
    });
    const pageFetcher = fetcher;
    const pagesAhead = deps.pagesAhead ?? PAGES_AHEAD;
    // Pages are fetched ahead of the writer (bounded); the first is on its way while the run reads
    // what it needs from the database.
    const queue = new PageQueue<Fetched>({
      ahead: pagesAhead,
      fetch: async (n, previousPage) => {
        if (previousPage && previousPage.next === undefined) return null;
        const cursor = previousPage?.next;
        const page = await pageFetcher.fetch(n, (token) => download.readPage(token, settings, cursor));
        const next = page.members.length > 0 && page.cursor ? page.cursor : undefined;
        if (next !== undefined && next === cursor) {
          throw new DownloadError(
            `${download.vendorName} answered page ${n} with the same cursor as page ${n - 1}; the list would never end. Nothing was removed.`,
            { retryable: true },
          );
        }
        return { members: page.members, n, next };
      },
    });
    stopReading = () => queue.stop();
    // The profile's current subscriptions before the run (is a sweep needed at the end?). Sent first,
    // so its snapshot precedes the run's writes, and awaited only at the end.
    const counting = countCurrent(query, profileId);
    counting.catch(() => undefined);
    const { rules, fingerprint } = await timed("start", async () => {
      const [read, before] = await Promise.all([readRunRules(db, profile), previousRun(db, profileId, jobResultId), clearSeenMembers(query, profileId, attempt)]);
      previous = before;
      return read;
    });
    marked = true;
    // The attempt's counters start from zero on screen (a retried run's row still shows the last attempt's).
    await progress.maybeWrite(counters);

    const writer = new BatchWriter<unknown>(query, { profileId, ...attempt }, download, createDecider(rules), counters);
    const writeEvery = deps.pagesPerWrite ?? PAGES_PER_WRITE;
    const flush = async () => {
      await timed("write pages", () => writer.flush());
      await input.onProgress?.(snapshot("reading"));
      await timed("progress", () => progress.maybeWrite(counters));
    };
    for (;;) {
      // Whatever was fetched meanwhile; when the vendor is slow, what is held is written after a while.
      const hold = writer.pendingPages > 0 ? { timeoutMs: Math.max(0, writer.pendingSince + HOLD_PAGES_MS - performance.now()) } : {};
      const taken = await timed("wait for pages", () => queue.take(pagesAhead, hold));
      if (taken === null) break;
      if (taken.length === 0) {
        await flush();
        continue;
      }
      for (const { members, n } of taken) {
        const t0 = performance.now();
        writer.add(n, members);
        phases["convert pages"] = (phases["convert pages"] ?? 0) + performance.now() - t0;
        if (writer.pendingPages >= writeEvery) await flush();
      }
      releaseAll(taken);
      if (writer.pendingPages > 0 && performance.now() - writer.pendingSince >= HOLD_PAGES_MS) await flush();
    }
    if (writer.pendingPages > 0) await flush();

    // Complete: every page was read and written.
    if (signal.aborted) throw signal.reason;
    await input.onProgress?.(snapshot("finishing"));
    const currentAtStart = await timed("count current", () => counting);
    const done = await completeRun({
      db,
      query,
      profile,
      run: attempt,
      subject: run.subject,
      writer,
      counters,
      currentAtStart,
      fingerprint,
      previousDirectory: previous.directory,
      previousMembersRead: previous.membersRead,
      timed,
    });
    marked = false;
    unrecognizedSubscriptions = done.unrecognizedSubscriptions;
    usersResolved = done.usersResolved;
    directory = done.directory;
    warning = done.warning;
    syncFetchStats();
    await timed("final counters", async () => {
      await progress.final(counters, details());
      await recordLastRun(db, jobResultId);
    });
    deps.trace?.(phases);
    return {
      profileId,
      jobResultId,
      ...counters,
      totalExpected: null,
      unrecognizedSubscriptions,
      usersResolved,
      durationMs: clock.now() - startedMs,
      ...(warning ? { warning } : {}),
    };
  } catch (error) {
    stopReading();
    internal.abort(new DownloadError("The run failed.", { retryable: true }));
    syncFetchStats();
    // The counts reached stay visible on the failed run; the sweep never ran.
    await progress.final(counters, details()).catch(() => undefined);
    if (marked) await clearSeenMembers(query, profileId, attempt).catch(() => undefined);
    await recordLastRun(db, jobResultId).catch(() => undefined);
    throw asDownloadError(error, input.signal);
  }
}

/** The profile's scheduled job ran (the engine stamps it too, at the start; this never moves it back). */
async function recordLastRun(db: Db, jobResultId: string): Promise<void> {
  await db.execute(sql`
    update ${scheduledJobs} j
    set last_run_at = coalesce(r.started_at, now())
    from ${jobResults} r
    where r.id = ${jobResultId}::uuid and j.id = r.job_id
      and (j.last_run_at is null or j.last_run_at < coalesce(r.started_at, now()))`);
}

function asDownloadError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (error instanceof DownloadError) return error;
  // The engine's own stop reason (shutdown, timeout) is what it reports; pass it through.
  if (signal?.aborted && error === signal.reason) return error;
  if (error instanceof VendorError) {
    return new DownloadError(`${error.message.replace(/\s+$/, "")} Nothing was removed.`, { retryable: error.retryable, cause: error });
  }
  return error;
}
