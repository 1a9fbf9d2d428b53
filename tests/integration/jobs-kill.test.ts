import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import type { QueueOverrides } from "@/lib/jobs/definitions";
import { downloadSubscriptionsJob, downloadSubscriptionsKind } from "@/lib/jobs/kinds/download-subscriptions";
import { engineDetails, STOPPED_SENTENCE } from "@/lib/jobs/runs";
import { startWorker, type WorkerOptions } from "@/lib/jobs/worker";
import { jobActor } from "@/lib/auth/actor";
import { requestRun } from "@/lib/services/jobs/request-run";

/** Who starts a run when no person does (the schedule, a test's set-up). */
const SYSTEM = jobActor("test", null, "Test");
import { downloadJobSeeder } from "../helpers/download-job";
import { jobResultRow, settledRun } from "../helpers/job-runs";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { waiter } from "../helpers/wait-for";

/*
 * Killing the worker mid-run (kill -9) on PostgreSQL: a worker process whose download blocks is
 * killed with SIGKILL while the run is `running` (pg-boss still thinks the attempt active); another
 * worker starts, its stale-run sweep sees the silent heartbeat, and the engine retries the run (or
 * fails it, on its last attempt); the following run completes. The worker process is started the
 * way `npm run worker` starts one (node + tsx), with a blocking download injected.
 */

const QUEUE = downloadSubscriptionsJob.id;
const ROOT = process.cwd();
const TIMING = { pollingIntervalSeconds: 0.5, heartbeatSeconds: 1, staleAfterSeconds: 3, sweepIntervalSeconds: 1, schedule: false } satisfies WorkerOptions;

const waitFor = waiter(30_000);

/**
 * A worker process whose download blocks forever: it can only end by being killed. On PGlite it is the
 * server (the only process that may open the folder), so it also queues the run itself.
 */
function blockingWorkerScript(dir: string, overrides: QueueOverrides): string {
  const file = path.join(dir, `blocking-worker-${Date.now()}.ts`);
  writeFileSync(
    file,
    `import { openDb } from ${JSON.stringify(path.join(ROOT, "lib/db/client"))};
import { startWorker } from ${JSON.stringify(path.join(ROOT, "lib/jobs/worker"))};
import { requestRun } from ${JSON.stringify(path.join(ROOT, "lib/services/jobs/request-run"))};
import { downloadSubscriptionsKind } from ${JSON.stringify(path.join(ROOT, "lib/jobs/kinds/download-subscriptions"))};
import { jobActor } from ${JSON.stringify(path.join(ROOT, "lib/auth/actor"))};
const SYSTEM = jobActor("test", null, "Test");
async function main() {
  const handle = await openDb({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR });
  await startWorker(handle, {
    ...${JSON.stringify(TIMING)},
    queueOverrides: ${JSON.stringify(overrides)},
    log: (m) => process.stdout.write("LOG " + m + "\\n"),
    kinds: [downloadSubscriptionsKind(async (_db, input) => {
      process.stdout.write("STARTED " + input.jobResultId + "\\n");
      await new Promise(() => {});
    })],
  });
  if (process.env.RUN_JOB_ID) {
    const { jobResultId } = await requestRun({ db: handle.db, actor: SYSTEM }, { scheduledJobId: process.env.RUN_JOB_ID, trigger: "manual" });
    process.stdout.write("QUEUED " + jobResultId + "\\n");
  }
  process.stdout.write("READY " + process.pid + "\\n");
}
main().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  return file;
}

type Child = { process: ChildProcess; output: () => string; exited: Promise<NodeJS.Signals | number | null> };

function spawnWorker(script: string, env: Record<string, string>): Child {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  return { process: child, output: () => out, exited };
}

const seedJob = downloadJobSeeder({ org: "Killed Org", alias: "Killed" });

const row = jobResultRow;
const settled = (db: Db, id: string) => settledRun(waitFor, db, id);

describe("kill -9 of a worker mid-run on PostgreSQL", () => {
  let t: TestDb;
  let dir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    t = await createTestDb("postgres");
    dir = mkdtempSync(path.join(tmpdir(), "opensam-kill-"));
  });
  afterAll(async () => {
    for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    await t?.dispose();
  });

  /** Starts a blocking worker process, queues a run, lets it start, and kills the process. */
  async function runAndKill(overrides: QueueOverrides) {
    const child = spawnWorker(blockingWorkerScript(dir, overrides), { DATABASE_URL: t.url! });
    children.push(child);
    await waitFor("the worker process to start", async () => child.output().includes("READY"), 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${child.output()}`);
    });
    const job = await seedJob(t.db);
    const { jobResultId } = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
    await waitFor("the download to start in the worker process", async () => child.output().includes(`STARTED ${jobResultId}`));
    const running = await row(t.db, jobResultId);
    expect(running.state).toBe("running");
    // The attempt's heartbeat moves while the process lives.
    await waitFor("a heartbeat", async () => (await row(t.db, jobResultId)).updatedAt > running.updatedAt, 5_000);

    child.process.kill("SIGKILL");
    expect(await child.exited).toBe("SIGKILL");
    return { job, jobResultId };
  }

  it("the next worker sees the dead attempt, the engine retries it, and the following run completes", async () => {
    const overrides: QueueOverrides = { [QUEUE]: { retryDelaySeconds: 1 } };
    const { job, jobResultId } = await runAndKill(overrides);
    const dead = await row(t.db, jobResultId);
    expect(dead.state).toBe("running");

    const calls: string[] = [];
    const worker = await startWorker(t, { ...TIMING, queueOverrides: overrides, log: () => {}, kinds: [downloadSubscriptionsKind(async (_db, input) => void calls.push(input.jobResultId))] });
    try {
      const done = await settled(t.db, jobResultId);
      expect(done.state).toBe("completed");
      const history = engineDetails(done.details).history!;
      expect(history.map((h) => [h.attempt, h.outcome])).toEqual([
        [1, "retrying"],
        [2, "completed"],
      ]);
      expect(history[0]!.error).toBe(STOPPED_SENTENCE);
      expect(calls).toEqual([jobResultId]);
      const bossJob = await worker.boss.getJobById(QUEUE, jobResultId, { includeArchive: true });
      expect(bossJob).toMatchObject({ retryCount: 1 });

      const next = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
      expect((await settled(t.db, next.jobResultId)).state).toBe("completed");
    } finally {
      await worker.stop({ graceSeconds: 1 });
    }
  }, 90_000);

  it("on the last attempt the engine fails the run with the sentence, and the following run completes", async () => {
    const overrides: QueueOverrides = { [QUEUE]: { retryLimit: 0 } };
    const { job, jobResultId } = await runAndKill(overrides);

    const worker = await startWorker(t, { ...TIMING, queueOverrides: overrides, log: () => {}, kinds: [downloadSubscriptionsKind(async () => ({}))] });
    try {
      const done = await settled(t.db, jobResultId);
      expect(done).toMatchObject({ state: "failed", errorText: STOPPED_SENTENCE });
      expect((await worker.boss.getJobById(QUEUE, jobResultId, { includeArchive: true }))?.state).toBe("failed");
      const next = await requestRun({ db: t.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
      expect((await settled(t.db, next.jobResultId)).state).toBe("completed");
    } finally {
      await worker.stop({ graceSeconds: 1 });
    }
  }, 90_000);
});

describe("kill -9 of the server mid-run on the embedded PGlite database", () => {
  let dir: string;
  let child: Child | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "opensam-kill-pglite-"));
  });
  afterAll(() => {
    if (child && child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("the restarted server hands the orphaned attempt back to pg-boss at once, and the run completes", async () => {
    const pgliteDir = path.join(dir, "db");
    let handle = await openDb({ pgliteDir });
    await migrateDb(handle);
    const job = await seedJob(handle.db);
    await handle.close();

    const overrides: QueueOverrides = { [QUEUE]: { retryDelaySeconds: 1 } };
    child = spawnWorker(blockingWorkerScript(dir, overrides), { PGLITE_DIR: pgliteDir, RUN_JOB_ID: job.jobId });
    const queued = await waitFor("the server process to queue and start the run", async () => /STARTED (\S+)/.exec(child!.output()), 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${child!.output()}`);
    });
    const jobResultId = queued[1]!;
    child.process.kill("SIGKILL");
    expect(await child.exited).toBe("SIGKILL");

    // The same folder, opened again by the next server process.
    handle = await openDb({ pgliteDir });
    try {
      expect((await row(handle.db, jobResultId)).state).toBe("running");
      const calls: string[] = [];
      // A heartbeat that is still fresh does not matter: no other process can be running it.
      const worker = await startWorker(handle, { ...TIMING, staleAfterSeconds: 3600, queueOverrides: overrides, log: () => {}, kinds: [downloadSubscriptionsKind(async (_db, input) => void calls.push(input.jobResultId))] });
      try {
        const done = await settled(handle.db, jobResultId);
        expect(done.state).toBe("completed");
        expect(engineDetails(done.details).history?.map((h) => [h.attempt, h.outcome])).toEqual([
          [1, "retrying"],
          [2, "completed"],
        ]);
        expect(calls).toEqual([jobResultId]);
        const next = await requestRun({ db: handle.db, actor: SYSTEM }, { scheduledJobId: job.jobId, trigger: "manual" });
        expect((await settled(handle.db, next.jobResultId)).state).toBe("completed");
      } finally {
        await worker.stop({ graceSeconds: 1 });
      }
    } finally {
      await handle.close();
    }
  }, 90_000);
});
