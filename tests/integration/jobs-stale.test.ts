import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobResults, scheduledJobs } from "@/lib/db/schema";
import { downloadSubscriptionsJob } from "@/lib/jobs/kinds/download-subscriptions";
import { engineDetails, STOPPED_SENTENCE } from "@/lib/jobs/runs";
import { sweepStaleRuns } from "@/lib/jobs/stale-runs";
import { jobActor } from "@/lib/auth/actor";
import { requestRun } from "@/lib/services/jobs/request-run";

/** Who starts a run when no person does (the schedule, a test's set-up). */
const SYSTEM = jobActor("test", null, "Test");
import { downloadJobSeeder } from "../helpers/download-job";
import { jobResultRow } from "../helpers/job-runs";
import { closeJobEngineDb, openJobEngineDb } from "../helpers/job-engine-db";
import { ENGINES, type TestDb } from "../helpers/test-db";

/*
 * The stale-run sweep frees a job's slot after a crash. The crashes are staged by hand with pg-boss's
 * own API: a "dead worker" fetches the job and marks the row running the way the handler does, then
 * never speaks again. (jobs-kill.test.ts kills a real worker process with SIGKILL.)
 */

const QUEUE = downloadSubscriptionsJob.id;

const seedJob = downloadJobSeeder({ org: "Stale Org", alias: "Stale" });

const row = jobResultRow;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)("stale-run sweep on %s", (engine) => {
  let t: TestDb;
  let boss: PgBoss;

  beforeAll(async () => {
    ({ t, boss } = await openJobEngineDb(engine));
  });
  afterAll(() => closeJobEngineDb(t));
  beforeEach(async () => {
    await boss.updateQueue(QUEUE, { name: QUEUE, policy: "singleton", retryLimit: 2, retryDelay: 1, retryBackoff: true });
  });
  // Each test starts with no open run: what a test left behind is cancelled in pg-boss and closed.
  afterEach(async () => {
    const open = await t.db.select({ id: jobResults.id }).from(jobResults).where(inArray(jobResults.state, ["queued", "running"]));
    for (const { id } of open) await boss.cancel(QUEUE, id);
    await t.db.update(jobResults).set({ state: "failed", endedAt: new Date() }).where(inArray(jobResults.state, ["queued", "running"]));
  });

  /** Queues a run and lets a worker that then dies take it: pg-boss `active`, the row `running`. */
  async function crashedRun() {
    const job = await seedJob(t.db);
    const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
    const [fetched] = await boss.fetch(QUEUE);
    expect(fetched?.id).toBe(jobResultId);
    await t.db
      .update(jobResults)
      .set({ state: "running", startedAt: sql`now()`, details: { engine: { attempt: 1, attempts: 3, token: randomUUID(), history: [] } }, updatedAt: sql`now()` })
      .where(eq(jobResults.id, jobResultId));
    return { job, jobResultId };
  }

  it("leaves a live attempt alone", async () => {
    const { jobResultId } = await crashedRun();
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 60 });
    expect(outcome).toEqual({ failed: [], requeued: [], forced: [] });
    expect((await row(t.db, jobResultId)).state).toBe("running");
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("active");
  });

  it("hands a silent attempt back to pg-boss, which retries it; the row waits queued", async () => {
    const { job, jobResultId } = await crashedRun();
    await sleep(1200);
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 1 });
    expect(outcome.forced).toEqual([jobResultId]);
    expect(outcome.requeued).toEqual([jobResultId]);
    const waiting = await row(t.db, jobResultId);
    expect(waiting.state).toBe("queued");
    expect(waiting.errorText).toBe("The worker stopped during attempt 1 of 3 (it was restarted or killed). The run will start over shortly; nothing was removed.");
    expect(engineDetails(waiting.details)).toMatchObject({ token: null, history: [{ attempt: 1, outcome: "retrying", error: STOPPED_SENTENCE }] });
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("retry");
    // The slot stays taken: the retry is on its way.
    await expect(requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" })).rejects.toThrow(/is already running/);
    // A second sweep changes nothing.
    expect(await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 1 })).toEqual({ failed: [], requeued: [], forced: [] });
  });

  it("fails a silent attempt on its last try with the sentence, and frees the slot", async () => {
    await boss.updateQueue(QUEUE, { name: QUEUE, policy: "singleton", retryLimit: 0 });
    const { job, jobResultId } = await crashedRun();
    await sleep(1200);
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 1 });
    expect(outcome.forced).toEqual([jobResultId]);
    expect(outcome.failed).toEqual([jobResultId]);
    const failed = await row(t.db, jobResultId);
    expect(failed).toMatchObject({ state: "failed", errorText: STOPPED_SENTENCE });
    expect(failed.endedAt).toBeInstanceOf(Date);
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("failed");
    const next = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
    expect((await row(t.db, next.jobResultId)).state).toBe("queued");
  });

  it("fails a row whose pg-boss job ended without it (expired, failed or cancelled by pg-boss)", async () => {
    const { job, jobResultId } = await crashedRun();
    await boss.cancel(QUEUE, jobResultId);
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 60 });
    expect(outcome).toEqual({ failed: [jobResultId], requeued: [], forced: [] });
    expect(await row(t.db, jobResultId)).toMatchObject({ state: "failed", errorText: STOPPED_SENTENCE });
    const [scheduled] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, job.jobId));
    expect(scheduled!.lastRunAt).toBeInstanceOf(Date);
  });

  it("fails a queued row that has no pg-boss job once the grace period has passed", async () => {
    const job = await seedJob(t.db);
    const old = randomUUID();
    await t.db.insert(jobResults).values({ id: old, jobId: job.jobId, profileId: job.profileId, pgBossJobId: old, createdAt: new Date(Date.now() - 5 * 60_000) });
    const fresh = await seedJob(t.db);
    const young = randomUUID();
    await t.db.insert(jobResults).values({ id: young, jobId: fresh.jobId, profileId: fresh.profileId, pgBossJobId: young });
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 60, graceSeconds: 60 });
    expect(outcome.failed).toEqual([old]);
    expect((await row(t.db, old)).state).toBe("failed");
    expect((await row(t.db, young)).state).toBe("queued");
  });

  it("puts a running row back to queued when pg-boss itself expired the attempt and waits to retry", async () => {
    const { jobResultId } = await crashedRun();
    // What pg-boss's maintenance does to an attempt past its expiry.
    await boss.fail(QUEUE, jobResultId, { message: "job failed by timeout in active state" });
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 60 });
    expect(outcome).toEqual({ failed: [], requeued: [jobResultId], forced: [] });
    expect((await row(t.db, jobResultId)).state).toBe("queued");
  });

  it("at the start of the only process that may exist (PGlite), every active attempt is an orphan", async () => {
    const { jobResultId } = await crashedRun();
    const outcome = await sweepStaleRuns(t.db, boss, { staleAfterSeconds: 600, orphanActive: true });
    expect(outcome.forced).toEqual([jobResultId]);
    expect((await row(t.db, jobResultId)).state).toBe("queued");
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("retry");
  });
});
