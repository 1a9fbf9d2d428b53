import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, jobResults, scheduledJobs, users } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/jobs/boss";
import { isValidCron, nextCronTime } from "@/lib/jobs/cron";
import { downloadSubscriptionsJob } from "@/lib/jobs/kinds/download-subscriptions";
import { dispatchDueRuns } from "@/lib/jobs/dispatch";
import { deterministicUuid, formatRunTime } from "@/lib/jobs/runs";
import { jobActor, personActor } from "@/lib/auth/actor";
import { requestRun } from "@/lib/services/jobs/request-run";

/** Who starts a run when no person does (the schedule, a test's set-up). */
const SYSTEM = jobActor("test", null, "Test");
import { downloadJobSeeder } from "../helpers/download-job";
import { closeJobEngineDb, openJobEngineDb } from "../helpers/job-engine-db";
import { ENGINES, type TestDb } from "../helpers/test-db";

/*
 * The dispatcher (the `download-dispatch` cron job): it queues one run per due download job of a
 * published profile, catches missed slots up with one run, and never queues a slot twice, even with
 * several dispatchers at once. No worker runs here, so the queued runs stay visible.
 */

const QUEUE = downloadSubscriptionsJob.id;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe("cron times", () => {
  it("gives the first time strictly after a moment, in the job's time zone", () => {
    expect(nextCronTime("0 2 * * *", "UTC", new Date("2026-05-04T01:59:00Z")).toISOString()).toBe("2026-05-04T02:00:00.000Z");
    expect(nextCronTime("0 2 * * *", "UTC", new Date("2026-05-04T02:00:00Z")).toISOString()).toBe("2026-05-05T02:00:00.000Z");
    expect(nextCronTime("0 2 * * *", "UTC", new Date("2026-05-04T02:00:30Z")).toISOString()).toBe("2026-05-05T02:00:00.000Z");
    // 02:00 in Paris is 00:00 UTC in summer.
    expect(nextCronTime("0 2 * * *", "Europe/Paris", new Date("2026-07-01T12:00:00Z")).toISOString()).toBe("2026-07-02T00:00:00.000Z");
    expect(nextCronTime("*/5 * * * *", "UTC", new Date("2026-05-04T10:02:10Z")).toISOString()).toBe("2026-05-04T10:05:00.000Z");
  });

  it("tells a valid five-field expression from an invalid one", () => {
    expect(isValidCron("0 2 * * *")).toBe(true);
    expect(isValidCron("30 6 * * 1-5", "America/New_York")).toBe(true);
    expect(isValidCron("0 2 * *")).toBe(false);
    expect(isValidCron("0 25 * * *")).toBe(false);
    expect(isValidCron("0 2 * * *", "Mars/Olympus")).toBe(false);
  });
});

const seedJob = downloadJobSeeder({ org: "Dispatch Org", alias: "Dispatch" });

const runsOf = (db: Db, jobId: string) => db.select().from(jobResults).where(eq(jobResults.jobId, jobId));
const jobRow = async (db: Db, jobId: string) => (await db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobId)))[0]!;

describe.each(ENGINES)("download dispatcher on %s", (engine) => {
  let t: TestDb;
  let boss: PgBoss;

  beforeAll(async () => {
    ({ t, boss } = await openJobEngineDb(engine));
  });
  afterAll(() => closeJobEngineDb(t));

  it("queues only due jobs of published profiles, once each, even with three dispatchers at once", async () => {
    const now = new Date();
    const due = await seedJob(t.db, { nextRunAt: new Date(now.getTime() - MIN) });
    const later = await seedJob(t.db, { nextRunAt: new Date(now.getTime() + 60 * MIN) });
    const missedTwoDays = await seedJob(t.db, { createdAt: new Date(now.getTime() - 2 * DAY) });
    const justPublished = await seedJob(t.db, {});
    const inactive = await seedJob(t.db, { nextRunAt: new Date(now.getTime() - MIN), active: false });
    const draft = await seedJob(t.db, { nextRunAt: new Date(now.getTime() - MIN), status: "draft" });

    const outcomes = await Promise.all([0, 1, 2].map(() => dispatchDueRuns(t.db, { now })));
    const enqueued = outcomes.flatMap((o) => o.enqueued);
    expect(enqueued.map((e) => e.scheduledJobId).sort()).toEqual([due.jobId, missedTwoDays.jobId].sort());

    const nextSlot = nextCronTime("0 2 * * *", "UTC", now);
    for (const job of [due, missedTwoDays]) {
      const runs = await runsOf(t.db, job.jobId);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ state: "queued", trigger: "schedule", triggeredBy: null, profileId: job.profileId });
      const dueAt = enqueued.find((e) => e.scheduledJobId === job.jobId)!.dueAt;
      expect(runs[0]!.id).toBe(deterministicUuid(`download:${job.jobId}:${dueAt.toISOString()}`));
      const bossJob = await boss.getJobById(QUEUE, runs[0]!.id);
      expect(bossJob).toMatchObject({ state: "created", singletonKey: job.profileId, data: { scheduledJobId: job.jobId, jobResultId: runs[0]!.id } });
      // One run catches up however many slots were missed; the schedule moves to the next slot.
      expect((await jobRow(t.db, job.jobId)).nextRunAt?.toISOString()).toBe(nextSlot.toISOString());
    }
    for (const job of [later, justPublished, inactive, draft]) expect(await runsOf(t.db, job.jobId)).toHaveLength(0);
    expect((await jobRow(t.db, later.jobId)).nextRunAt?.getTime()).toBe(now.getTime() + 60 * MIN);
    // A job without a next run learns it (the first slot after it was created).
    const created = (await jobRow(t.db, justPublished.jobId)).createdAt;
    expect((await jobRow(t.db, justPublished.jobId)).nextRunAt?.toISOString()).toBe(nextCronTime("0 2 * * *", "UTC", created).toISOString());

    // Again a minute later: nothing is due any more.
    const again = await dispatchDueRuns(t.db, { now: new Date(now.getTime() + MIN) });
    expect(again.enqueued).toHaveLength(0);
    expect(await runsOf(t.db, due.jobId)).toHaveLength(1);
  });

  it("skips a due slot while a run is still open and moves the schedule on", async () => {
    const now = new Date();
    const job = await seedJob(t.db, { nextRunAt: new Date(now.getTime() - MIN) });
    const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
    const open = (await runsOf(t.db, job.jobId))[0]!;
    const outcome = await dispatchDueRuns(t.db, { now });
    expect(outcome.enqueued.filter((e) => e.scheduledJobId === job.jobId)).toHaveLength(0);
    const next = nextCronTime("0 2 * * *", "UTC", now);
    expect(outcome.skipped.find((s) => s.scheduledJobId === job.jobId)?.reason).toBe(
      `${job.name} was due at ${formatRunTime(new Date(now.getTime() - MIN))} but a run started ${formatRunTime(open.createdAt)} is still open; the next run is at ${formatRunTime(next)}.`,
    );
    expect((await runsOf(t.db, job.jobId)).map((r) => r.id)).toEqual([jobResultId]);
    expect((await jobRow(t.db, job.jobId)).nextRunAt?.toISOString()).toBe(next.toISOString());
  });

  it("reports a job whose cron cannot be read and still dispatches the others", async () => {
    const now = new Date();
    const broken = await seedJob(t.db, { nextRunAt: null, cron: "every day at two" });
    const fine = await seedJob(t.db, { nextRunAt: new Date(now.getTime() - MIN) });
    const outcome = await dispatchDueRuns(t.db, { now });
    expect(outcome.invalid.map((i) => i.scheduledJobId)).toContain(broken.jobId);
    expect(outcome.invalid.find((i) => i.scheduledJobId === broken.jobId)?.reason).toMatch(/^The schedule "every day at two" \(UTC\) of SAM - Refresh Dispatch Org \d+ Subscriptions cannot be read: /);
    expect(outcome.enqueued.map((e) => e.scheduledJobId)).toContain(fine.jobId);
  });

  it("Execute Now writes nothing (no run, no audit row) when its job cannot be sent", async () => {
    const job = await seedJob(t.db);
    const [person] = await t.db.insert(users).values({ email: `tx-${engine}@example.com`, name: "Tx", passwordHash: "x", roles: ["sam_integrator"] }).returning();
    const actor = { id: person!.id, email: person!.email, roles: ["sam_integrator"] as const };
    await boss.purgeQueue(QUEUE);
    await boss.deleteQueue(QUEUE);
    try {
      await expect(requestRun({ db: t.db, actor: personActor(actor) }, { scheduledJobId: job.jobId, trigger: "manual" })).rejects.toThrow("The job engine has no download-subscriptions queue in this database: restart OpenSAM (or npm run worker) so that it sets its queues up again, then try again.");
      expect(await runsOf(t.db, job.jobId)).toHaveLength(0);
      expect(await t.db.select().from(auditLog).where(eq(auditLog.entityId, job.jobId))).toHaveLength(0);
    } finally {
      await ensureQueues(boss);
    }
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(actor) }, { scheduledJobId: job.jobId, trigger: "manual" });
    expect((await boss.getJobById(QUEUE, jobResultId))?.state).toBe("created");
    expect(await t.db.select().from(auditLog).where(eq(auditLog.entityId, job.jobId))).toHaveLength(1);
  });
});
