import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personActor } from "@/lib/auth/actor";
import { auditLog, downloadResults, jobResults, scheduledJobs, users } from "@/lib/db/schema";
import { defineRunKind } from "@/lib/jobs/definitions";
import { registerRunKind } from "@/lib/jobs/registry";
import { startWorker, type JobWorker } from "@/lib/jobs/worker";
import { scheduledJobsSpec, jobResultsSpec } from "@/lib/lists/jobs-spec";
import { listJobResults } from "@/lib/services/jobs/list-job-results";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { requestRun } from "@/lib/services/jobs/request-run";
import { parseListParams } from "@/lib/table/list-spec";
import { settledRun } from "../helpers/job-runs";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { waiter } from "../helpers/wait-for";

/*
 * A kind of job that exists only in this file: one definition, registered, and nothing else. The
 * engine's dispatcher, Execute Now, the worker and the job lists must take it as they take a download.
 */
const ran: string[] = [];
const tally = defineRunKind({
  id: "test-tally",
  kind: "test_tally",
  label: "Tally",
  subject: "The tally",
  scope: "workspace",
  queue: { policy: "singleton", retryLimit: 0, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 60 },
  pollingIntervalSeconds: 0.5,
  run: async (ctx) => {
    ran.push(ctx.jobResultId);
    return { details: { tallied: 3 } };
  },
  // Its counts are its own (in its details), shown in the run's closing audit row.
  counts: async (db, jobResultId) => {
    const [row] = await db.select({ details: jobResults.details }).from(jobResults).where(eq(jobResults.id, jobResultId));
    const tallied = Number(row?.details.tallied ?? 0);
    return { words: `${tallied} tallied`, after: { tallied } };
  },
});
registerRunKind(tally);
const waitFor = waiter(20_000);

describe.each(ENGINES)("a kind of job defined only in a test, on %s", (engine) => {
  let t: TestDb;
  let worker: JobWorker;
  let jobId: string;
  let integrator: ReturnType<typeof personActor>;
  let viewer: ReturnType<typeof personActor>;

  beforeAll(async () => {
    t = await createTestDb(engine);
    worker = await startWorker(t, { pollingIntervalSeconds: 0.5, heartbeatSeconds: 1, sweepIntervalSeconds: 3600, schedule: false, log: () => {} });
    const [i, v] = await t.db
      .insert(users)
      .values([
        { email: `int-${engine}@example.com`, name: "Ian", passwordHash: "x", roles: ["sam_integrator"] },
        { email: `user-${engine}@example.com`, name: "Uma", passwordHash: "x", roles: ["sam_user"] },
      ])
      .returning();
    integrator = personActor(i!);
    viewer = personActor(v!);
    const [job] = await t.db
      .insert(scheduledJobs)
      .values({ name: "SAM - Tally", kind: "test_tally", cron: "*/5 * * * *", nextRunAt: new Date(Date.now() - 60_000) })
      .returning();
    jobId = job!.id;
  });
  afterAll(async () => {
    await worker?.stop({ graceSeconds: 1 });
    await t?.dispose();
  });

  it("is dispatched on its schedule and run by the worker", async () => {
    ran.length = 0;
    const outcome = await worker.dispatch();
    const mine = outcome.enqueued.filter((e) => e.scheduledJobId === jobId);
    expect(mine).toHaveLength(1);
    const run = await settledRun(waitFor, t.db, mine[0]!.jobResultId);
    expect(run.state).toBe("completed");
    expect(ran).toEqual([mine[0]!.jobResultId]);
    // The next slot is in the future: a second dispatch queues nothing.
    expect((await worker.dispatch()).enqueued.filter((e) => e.scheduledJobId === jobId)).toHaveLength(0);
  });

  it("runs once under Execute Now, for a person allowed to run jobs only", async () => {
    ran.length = 0;
    await expect(requestRun({ db: t.db, actor: viewer }, { scheduledJobId: jobId, trigger: "manual" })).rejects.toMatchObject({ code: "forbidden" });
    const { jobResultId } = await requestRun({ db: t.db, actor: integrator }, { scheduledJobId: jobId, trigger: "manual" });
    expect((await settledRun(waitFor, t.db, jobResultId)).state).toBe("completed");
    expect(ran).toEqual([jobResultId]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, jobResultId), eq(auditLog.action, "job.completed")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe(`Tally (run ${jobResultId})`);
  });

  it("shows in Scheduled Jobs and Job results", async () => {
    const jobs = await listScheduledJobs({ db: t.db, actor: viewer }, { params: parseListParams(scheduledJobsSpec, {}) });
    expect(jobs.rows.find((r) => r.id === jobId)).toMatchObject({ name: "SAM - Tally", kindLabel: "Tally", runnable: true });
    const results = await listJobResults({ db: t.db, actor: viewer }, { params: parseListParams(jobResultsSpec, {}) });
    const runs = results.rows.filter((r) => r.jobId === jobId);
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.state === "completed" && r.jobName === "SAM - Tally")).toBe(true);
    // A download's counters are a download's: this kind's runs have none, and none are shown as zeros.
    expect(runs.every((r) => r.membersRead === null && r.pages === null && r.created === null)).toBe(true);
    expect(await t.db.$count(downloadResults, inArray(downloadResults.jobResultId, runs.map((r) => r.id)))).toBe(0);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "job_result"), inArray(auditLog.entityId, runs.map((r) => r.id))));
    expect(audit.map((a) => a.summary)).toEqual(["SAM - Tally completed (3 tallied)", "SAM - Tally completed (3 tallied)"]);
  });
});
