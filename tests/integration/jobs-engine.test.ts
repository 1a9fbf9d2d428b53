import { PGlite } from "@electric-sql/pglite";
import { and, eq, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, jobResults, scheduledJobs, users } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { pgliteExecutor } from "@/lib/jobs/boss";
import { dispatchJob } from "@/lib/jobs/definitions";
import { downloadSubscriptionsJob, downloadSubscriptionsKind } from "@/lib/jobs/kinds/download-subscriptions";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import type { RunDownloadFn, RunDownloadInput } from "@/lib/jobs/kinds/download-subscriptions";
import { engineDetails, formatRunTime, STOPPED_SENTENCE } from "@/lib/jobs/runs";
import { startWorker, type JobWorker } from "@/lib/jobs/worker";
import { jobActor, personActor } from "@/lib/auth/actor";
import { requestRun } from "@/lib/services/jobs/request-run";

/** Who starts a run when no person does (the schedule, a test's set-up). */
const SYSTEM = jobActor("test", null, "Test");
import { downloadJobSeeder } from "../helpers/download-job";
import { jobResultRow, settledRun, writeDownloadCounts } from "../helpers/job-runs";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { waiter } from "../helpers/wait-for";

/*
 * The job engine on both engines: pg-boss on the app's database (PGlite through the executeSql
 * adapter, PostgreSQL through its own pool), Execute Now, the worker running a download (a fake
 * download injected here; jobs-download.test.ts runs the real one against the Miro simulator), the
 * refusal of a second open run, retries with backoff, a graceful stop, and the handler's timeout.
 */

const QUEUE = downloadSubscriptionsJob.id;
const FAST = {
  pollingIntervalSeconds: 0.5,
  heartbeatSeconds: 1,
  staleAfterSeconds: 60,
  sweepIntervalSeconds: 3600,
  schedule: false,
  queueOverrides: { [QUEUE]: { retryDelaySeconds: 1 } },
  log: () => {},
};

const waitFor = waiter(20_000);

class DownloadError extends Error {
  override name = "DownloadError";
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
  }
}

/** A fake download whose behaviour each test sets; it records every call. */
function fakeDownload() {
  const calls: RunDownloadInput[] = [];
  let behaviour: (db: Db, input: RunDownloadInput, call: number) => Promise<unknown> = async () => ({});
  const run: RunDownloadFn = async (db, input) => {
    calls.push(input);
    return behaviour(db, input, calls.length);
  };
  return {
    run,
    calls,
    set(next: typeof behaviour) {
      behaviour = next;
      calls.length = 0;
    },
  };
}

/** Resolves when released, or rejects when the attempt is told to stop. */
function gate() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      released.then(resolve);
      signal?.addEventListener("abort", () => reject(new DownloadError("The download was stopped.")), { once: true });
    });
  return { release, wait };
}

async function seedPeople(db: Db) {
  const [integrator] = await db.insert(users).values({ email: "int@example.com", name: "Integrator", passwordHash: "x", roles: ["sam_integrator"] }).returning();
  const [viewer] = await db.insert(users).values({ email: "viewer@example.com", name: "Viewer", passwordHash: "x", roles: ["sam_user"] }).returning();
  return {
    integrator: { id: integrator!.id, email: integrator!.email, roles: ["sam_integrator"] as const },
    viewer: { id: viewer!.id, email: viewer!.email, roles: ["sam_user"] as const },
  };
}

/** A published profile with its daily download job, as Publish leaves them. */
const seedJob = downloadJobSeeder({ org: "Miro Org", alias: "Org" });

const result = jobResultRow;
const settled = (db: Db, id: string) => settledRun(waitFor, db, id);

describe.each(ENGINES)("job engine on %s", (engine) => {
  let t: TestDb;
  let worker: JobWorker;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const fake = fakeDownload();

  beforeAll(async () => {
    t = await createTestDb(engine);
    people = await seedPeople(t.db);
    worker = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(fake.run)] });
  });
  afterAll(async () => {
    await worker?.stop({ graceSeconds: 1 });
    await t?.dispose();
  });
  beforeEach(() => fake.set(async () => ({})));

  it("starts pg-boss in its own schema with the queues of the definitions", async () => {
    const boss = worker.boss;
    expect(await boss.isInstalled()).toBe(true);
    expect(Number(await boss.schemaVersion())).toBeGreaterThan(0);
    const download = await boss.getQueue(QUEUE);
    expect(download).toMatchObject({ policy: "singleton", retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 4 * 3600 });
    expect((await boss.getQueue(dispatchJob.id))?.policy).toBe("stately");
    const tables = await t.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss'`);
    const rows = Array.isArray(tables) ? tables : (tables as unknown as { rows: { n: number }[] }).rows;
    expect(Number((rows[0] as { n: number }).n)).toBeGreaterThan(3);
  });

  it("Execute Now queues one run in one transaction with its audit row, and the worker runs it", async () => {
    const job = await seedJob(t.db);
    fake.set(async (db, input) => {
      await writeDownloadCounts(db, input.jobResultId, { pages: 2, membersRead: 150 });
      return { membersRead: 150 };
    });
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const queued = await result(t.db, jobResultId);
    expect(queued).toMatchObject({ jobId: job.jobId, profileId: job.profileId, trigger: "manual", triggeredBy: people.integrator.id, pgBossJobId: jobResultId });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "job.run"), eq(auditLog.entityId, job.jobId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: people.integrator.id, summary: `Ran ${job.name} now` });

    const done = await settled(t.db, jobResultId);
    expect(done).toMatchObject({ state: "completed", errorText: null, pages: 2, membersRead: 150 });
    expect(done.startedAt).toBeInstanceOf(Date);
    expect(done.endedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
    expect(engineDetails(done.details)).toMatchObject({ attempt: 1, attempts: 3, token: null, history: [{ attempt: 1, outcome: "completed" }] });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ profileId: job.profileId, jobResultId });
    expect(fake.calls[0]!.signal).toBeInstanceOf(AbortSignal);
    const [scheduled] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, job.jobId));
    expect(scheduled!.lastRunAt?.getTime()).toBe(done.startedAt!.getTime());
    // The job learnt its next scheduled run (daily at 02:00 UTC).
    expect(scheduled!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect([scheduled!.nextRunAt!.getUTCHours(), scheduled!.nextRunAt!.getUTCMinutes()]).toEqual([2, 0]);
    const bossJob = await waitFor("pg-boss to complete the job", async () => {
      const j = await worker.boss.getJobById(QUEUE, jobResultId, { includeArchive: true });
      return j?.state === "completed" ? j : null;
    });
    expect(bossJob).toMatchObject({ singletonKey: job.profileId, data: { scheduledJobId: job.jobId, jobResultId } });
  });

  it("refuses a second Execute Now while a run is open, with the sentence, and queues nothing", async () => {
    const job = await seedJob(t.db);
    const g = gate();
    fake.set((_db, input) => g.wait(input.signal));
    const first = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const running = await waitFor("the run to start", async () => {
      const row = await result(t.db, first.jobResultId);
      return row.state === "running" ? row : null;
    });
    const auditBefore = await t.db.select().from(auditLog).where(eq(auditLog.entityId, job.jobId));

    const error = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe("conflict");
    expect((error as Error).message).toBe(`${job.name} is already running (started ${formatRunTime(running.startedAt!)}). Wait for it to finish.`);
    // The schedule and Publish are refused the same way.
    await expect(requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "schedule" })).rejects.toThrow(/is already running/);
    expect(await t.db.select().from(jobResults).where(eq(jobResults.jobId, job.jobId))).toHaveLength(1);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.entityId, job.jobId))).toHaveLength(auditBefore.length);
    expect(await worker.boss.getQueueSize(QUEUE)).toBe(0);

    g.release();
    expect((await settled(t.db, first.jobResultId)).state).toBe("completed");
    fake.set(async () => ({}));
    const next = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    expect((await settled(t.db, next.jobResultId)).state).toBe("completed");
  });

  it("checks jobs:run, refuses a draft profile, another kind of job and an unknown job", async () => {
    const job = await seedJob(t.db);
    await expect(requestRun({ db: t.db, actor: personActor(people.viewer) }, { scheduledJobId: job.jobId, trigger: "manual" })).rejects.toMatchObject({ code: "forbidden" });
    const draft = await seedJob(t.db, { status: "draft" });
    await expect(requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: draft.jobId, trigger: "manual" })).rejects.toMatchObject({
      code: "conflict",
      message: `${draft.name} cannot run while Miro Org ${draft.n} is in Draft: validate and publish the profile first.`,
    });
    const [other] = await t.db.insert(scheduledJobs).values({ name: `Unknown kind ${engine}`, kind: "license_audit", cron: "0 3 * * 0" }).returning();
    await expect(requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: other!.id, trigger: "manual" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: "8d7f3a52-0000-4000-8000-000000000000", trigger: "manual" })).rejects.toMatchObject({ code: "not_found" });
    await expect(requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: "not-a-uuid", trigger: "manual" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await t.db.select().from(jobResults).where(eq(jobResults.jobId, job.jobId))).toHaveLength(0);
  });

  it("retries a failing download with backoff, one row per run, and counts the attempts", async () => {
    const job = await seedJob(t.db);
    const seenBetween: { state: string; errorText: string | null }[] = [];
    fake.set(async (db, input, call) => {
      if (call > 1) {
        const row = await result(db, input.jobResultId);
        seenBetween.push({ state: row.state, errorText: row.errorText });
      }
      // The engine leaves the kind's counters alone: each attempt sees what the one before wrote
      // (a real download starts its own from zero with its first write).
      const row = await result(db, input.jobResultId);
      expect(row.membersRead).toBe(100 * (call - 1));
      await writeDownloadCounts(db, input.jobResultId, { membersRead: 100 * call });
      if (call < 3) throw new DownloadError(`Miro answered HTTP 503 on page ${call}.`);
      return {};
    });
    const started = Date.now();
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const done = await settled(t.db, jobResultId);
    expect(done).toMatchObject({ state: "completed", errorText: null, membersRead: 300 });
    expect(fake.calls).toHaveLength(3);
    // Backoff with a 1 s delay: 1–2 s, then 2–4 s.
    expect(Date.now() - started).toBeGreaterThan(2500);
    const history = engineDetails(done.details).history!;
    expect(history.map((h) => [h.attempt, h.outcome])).toEqual([
      [1, "retrying"],
      [2, "retrying"],
      [3, "completed"],
    ]);
    expect(history[0]!.error).toBe("Miro answered HTTP 503 on page 1.");
    expect(engineDetails(done.details)).toMatchObject({ attempt: 3, attempts: 3 });
    expect(seenBetween.every((s) => s.state === "running")).toBe(true);
    const bossJob = await worker.boss.getJobById(QUEUE, jobResultId, { includeArchive: true });
    expect(bossJob?.retryCount).toBe(2);
    expect(await t.db.select().from(jobResults).where(eq(jobResults.jobId, job.jobId))).toHaveLength(1);
  });

  it("shows the failed attempt while the retry waits", async () => {
    const job = await seedJob(t.db);
    const g = gate();
    fake.set(async (_db, input, call) => {
      if (call === 1) throw new DownloadError("Miro answered HTTP 500 on page 7.");
      await g.wait(input.signal);
    });
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const waiting = await waitFor("the row to wait for its retry", async () => {
      const row = await result(t.db, jobResultId);
      return row.state === "queued" && row.errorText ? row : null;
    });
    expect(waiting.errorText).toBe("Attempt 1 of 3 failed: Miro answered HTTP 500 on page 7. It will be retried.");
    await expect(requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" })).rejects.toThrow(/is already running/);
    await waitFor("the retry to run", async () => (await result(t.db, jobResultId)).state === "running");
    expect((await result(t.db, jobResultId)).errorText).toBeNull();
    g.release();
    expect((await settled(t.db, jobResultId)).state).toBe("completed");
  });

  it("fails the run with the download's sentence after the last attempt, and frees the slot", async () => {
    const job = await seedJob(t.db);
    const sentence = "Miro refused the OAuth token even after renewing it (HTTP 401). Select Create and Get OAuth Token again on the connection.";
    fake.set(async () => {
      throw new DownloadError(sentence);
    });
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const done = await settled(t.db, jobResultId);
    expect(done).toMatchObject({ state: "failed", errorText: sentence });
    expect(done.endedAt).toBeInstanceOf(Date);
    expect(fake.calls).toHaveLength(3);
    const bossJob = await waitFor("pg-boss to fail the job", async () => {
      const j = await worker.boss.getJobById(QUEUE, jobResultId, { includeArchive: true });
      return j?.state === "failed" ? j : null;
    });
    expect(bossJob.retryCount).toBe(2);
    fake.set(async () => ({}));
    const next = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    expect((await settled(t.db, next.jobResultId)).state).toBe("completed");
  });

  it("does not retry an error the download marks as not retryable", async () => {
    const job = await seedJob(t.db);
    fake.set(async () => {
      throw new DownloadError("The profile's connection has no OAuth token yet: open it and select Create and Get OAuth Token.", false);
    });
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(people.integrator) }, { scheduledJobId: job.jobId, trigger: "manual" });
    const done = await settled(t.db, jobResultId);
    expect(done.state).toBe("failed");
    expect(done.errorText).toMatch(/^The profile's connection has no OAuth token yet/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.calls).toHaveLength(1);
  });

  it("the dispatcher job, when pg-boss runs it, queues the due download and the worker runs it", async () => {
    const job = await seedJob(t.db, { nextRunAt: new Date(Date.now() - 60_000) });
    await worker.boss.send(dispatchJob.id, {});
    const run = await waitFor("the scheduled run", async () => {
      const [row] = await t.db.select().from(jobResults).where(eq(jobResults.jobId, job.jobId));
      return row?.state === "completed" ? row : null;
    });
    expect(run.trigger).toBe("schedule");
    const [scheduled] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, job.jobId));
    expect(scheduled!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("words an unexpected error, keeping its message, and retries it", async () => {
    const job = await seedJob(t.db);
    fake.set(async (_db, _input, call) => {
      if (call === 1) throw new TypeError("Cannot read properties of undefined (reading 'id')");
      return {};
    });
    const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
    const waiting = await waitFor("the retry to be pending", async () => {
      const row = await result(t.db, jobResultId);
      return row.state === "queued" && row.errorText ? row : null;
    });
    expect(waiting.errorText).toBe("Attempt 1 of 3 failed: The download stopped on an unexpected error: Cannot read properties of undefined (reading 'id'). It will be retried.");
    expect((await settled(t.db, jobResultId)).state).toBe("completed");
  });
});

describe("pg-boss's db adapter for PGlite", () => {
  it("a query()-only adapter fails at start with 42601; the exec() adapter starts, and a failing multi-statement command leaves no aborted transaction", async () => {
    const pglite = await PGlite.create("memory://");
    try {
      const queryOnly = new PgBoss({ db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await pglite.query(text, values as never[])).rows as never[] }) }, schedule: false, supervise: false });
      queryOnly.on("error", () => {});
      await expect(queryOnly.start()).rejects.toMatchObject({ code: "42601" });

      const executor = pgliteExecutor(pglite);
      const boss = new PgBoss({ db: executor, schedule: false, supervise: false });
      await boss.start();
      expect(await boss.isInstalled()).toBe(true);
      await expect(executor.executeSql("BEGIN; SELECT 1/0; COMMIT;")).rejects.toThrow(/division by zero/);
      expect(pglite.isInTransaction()).toBe(false);
      expect((await pglite.query<{ ok: number }>("select 1 as ok")).rows).toEqual([{ ok: 1 }]);
      await boss.stop({ graceful: false });
    } finally {
      await pglite.close();
    }
  });
});

describe.each(ENGINES)("worker lifecycle on %s", (engine) => {
  let t: TestDb;

  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => t?.dispose());

  it("registers the dispatcher's cron schedule (one per queue in pg-boss 10)", async () => {
    const w = await startWorker(t, { ...FAST, schedule: true, kinds: [downloadSubscriptionsKind(async () => ({}))] });
    try {
      const schedules = await w.boss.getSchedules();
      expect(schedules.map((s) => [s.name, s.cron])).toEqual([[dispatchJob.id, "*/5 * * * *"]]);
    } finally {
      await w.stop({ graceSeconds: 1 });
    }
  });

  it("on stop, tells a running download to stop; the row waits for pg-boss's retry and the next worker finishes it", async () => {
    const job = await seedJob(t.db);
    const first = fakeDownload();
    first.set((_db, input) => new Promise((_resolve, reject) => input.signal?.addEventListener("abort", () => reject(new DownloadError("stopped")), { once: true })));
    const w1 = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(first.run)] });
    const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "publish" });
    await waitFor("the run to start", async () => (await result(t.db, jobResultId)).state === "running");
    await w1.stop({ graceSeconds: 0.5 });
    const row = await result(t.db, jobResultId);
    expect(row.state).toBe("queued");
    expect(row.errorText).toBe(`Attempt 1 of 3 failed: ${STOPPED_SENTENCE} It will be retried.`);
    const boss = await startJobEngine(t);
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("retry");
    await stopJobEngine(t);

    const second = fakeDownload();
    const w2 = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(second.run)] });
    try {
      const done = await settled(t.db, jobResultId);
      expect(done.state).toBe("completed");
      expect(done.trigger).toBe("publish");
      expect(engineDetails(done.details).history?.map((h) => h.outcome)).toEqual(["retrying", "completed"]);
      expect(second.calls).toHaveLength(1);
    } finally {
      await w2.stop({ graceSeconds: 1 });
    }
  });

  it("stops an attempt that nears pg-boss's expiry and says so", async () => {
    const job = await seedJob(t.db);
    const slow = fakeDownload();
    slow.set((_db, input) => new Promise((_resolve, reject) => input.signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true })));
    const w = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(slow.run)], queueOverrides: { [QUEUE]: { retryLimit: 0, expireInSeconds: 2 } } });
    try {
      const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
      const done = await settled(t.db, jobResultId);
      expect(done.state).toBe("failed");
      expect(done.errorText).toBe("The run took longer than 2 seconds and was stopped. The next run will start over; nothing was removed.");
    } finally {
      await w.stop({ graceSeconds: 1 });
    }
  });
});
