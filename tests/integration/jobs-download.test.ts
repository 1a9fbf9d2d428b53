import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { and, count, countDistinct, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import type { Db } from "@/lib/db/client";
import { integrationProfiles, softwareSubscriptions, users } from "@/lib/db/schema";
import { downloadSubscriptionsJob, downloadSubscriptionsKind } from "@/lib/jobs/kinds/download-subscriptions";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import type { RunDownloadFn } from "@/lib/jobs/kinds/download-subscriptions";
import { engineDetails, STOPPED_SENTENCE } from "@/lib/jobs/runs";
import { startWorker, type JobWorker, type WorkerOptions } from "@/lib/jobs/worker";
import { createMiroAdapter, MIRO_PROFILE_TYPE, type MiroAdapter } from "@/lib/integrations/miro/adapter";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { runDownload } from "@/lib/services/downloads/run-download";
import { jobActor, personActor, type PersonActor } from "@/lib/auth/actor";
import { requestRun } from "@/lib/services/jobs/request-run";

/** Who starts a run when no person does (the schedule, a test's set-up). */
const _SYSTEM = jobActor("test", null, "Test");
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { connectToken } from "../helpers/connect-token";
import { jobResultRow, settledRun } from "../helpers/job-runs";
import { simControl } from "../helpers/sim-control";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { waiter } from "../helpers/wait-for";

/*
 * The job engine running the REAL download (lib/services/downloads/run-download.ts) against the
 * in-process Miro simulator: Publish's first run, Execute Now, a failed attempt retried by the
 * engine, and (PostgreSQL) `npm run worker`'s process killed with SIGKILL in the middle of a
 * download, after which another worker retries the run and it converges to the simulator's members.
 */

const QUEUE = downloadSubscriptionsJob.id;
const REDIRECT_URI = "http://localhost:3000/api/integrations/miro/oauth/callback";
const ALIAS = "miro_spoke.Miro_Enterprise";
const FAST = {
  pollingIntervalSeconds: 0.5,
  heartbeatSeconds: 1,
  staleAfterSeconds: 3,
  sweepIntervalSeconds: 1,
  schedule: false,
  queueOverrides: { [QUEUE]: { retryDelaySeconds: 1 } },
  log: () => {},
} satisfies WorkerOptions;

const waitFor = waiter(60_000);

const row = jobResultRow;
const settled = (db: Db, id: string, timeoutMs?: number) => settledRun(waitFor, db, id, timeoutMs);

type Fixture = { sim: MiroSimulator; adapter: MiroAdapter; key: string; jobId: string; profileId: string; actor: PersonActor };

/** A connected, validated and published Miro profile on the simulator, as the UI leaves it. */
async function publishedMiroProfile(db: Db, members: number, seed: number): Promise<Fixture> {
  const sim = await startMiroSimulator({ port: 0, members, seed });
  const adapter = createMiroAdapter({ authorizeBaseUrl: sim.url, apiBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim` });
  const key = randomBytes(32).toString("base64");
  await ensureVendorAliases(db);
  const [person] = await db.insert(users).values({ email: `int-${seed}@example.com`, name: "Integrator", passwordHash: "x", roles: ["sam_integrator"] }).returning();
  const actor = personActor(person!);

  await connectToken(db, { sim, adapter, key, aliasId: ALIAS, redirectUri: REDIRECT_URI, status: "active" });
  const [profile] = await db
    .insert(integrationProfiles)
    .values({
      displayName: `Simulated Org ${seed}`,
      profileType: MIRO_PROFILE_TYPE.id,
      vendorId: "miro",
      downloadConnectionAliasId: ALIAS,
      settings: { organizationId: sim.state.org.id, organizationName: sim.state.org.name },
      lastValidationResult: { ok: true, checks: [] },
      lastValidatedAt: new Date(),
    })
    .returning();
  const { jobId } = await publishProfile({ db, actor }, { id: profile!.id });
  return { sim, adapter, key, jobId, profileId: profile!.id, actor };
}

/** The simulator's members by license, and the profile's current subscriptions by identifier. */
function simCounts(sim: MiroSimulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of sim.state.members) counts[m.license] = (counts[m.license] ?? 0) + 1;
  return counts;
}
async function currentCounts(db: Db, profileId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ identifier: softwareSubscriptions.subscriptionIdentifier, n: count() })
    .from(softwareSubscriptions)
    .where(and(eq(softwareSubscriptions.profileId, profileId), isNull(softwareSubscriptions.removedAt)))
    .groupBy(softwareSubscriptions.subscriptionIdentifier);
  return Object.fromEntries(rows.map((r) => [r.identifier, Number(r.n)]));
}
async function noDuplicates(db: Db, profileId: string) {
  const [r] = await db
    .select({ rows: count(), distinct: countDistinct(softwareSubscriptions.externalUserId) })
    .from(softwareSubscriptions)
    .where(eq(softwareSubscriptions.profileId, profileId));
  expect(Number(r!.rows)).toBe(Number(r!.distinct));
}

describe.each(ENGINES)("the real download through the job engine on %s", (engine) => {
  let t: TestDb;
  let f: Fixture;
  let worker: JobWorker;
  const MEMBERS = 450;
  let maxAttempts: number | undefined;

  beforeAll(async () => {
    t = await createTestDb(engine);
    f = await publishedMiroProfile(t.db, MEMBERS, 31);
    const real: RunDownloadFn = (db, input) => runDownload(db, input, { adapter: f.adapter, encryptionKey: f.key, maxAttempts });
    worker = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(real)] });
  });
  afterAll(async () => {
    await worker?.stop({ graceSeconds: 1 });
    await f?.sim.close();
    await t?.dispose();
  });

  it("Publish's first run reads every member of the organization; Execute Now then finds nothing changed", async () => {
    const { jobResultId } = await requestRun({ db: t.db, actor: f.actor }, { scheduledJobId: f.jobId, trigger: "publish" });
    const first = await settled(t.db, jobResultId);
    expect(first.errorText).toBeNull();
    expect(first).toMatchObject({ state: "completed", trigger: "publish", membersRead: MEMBERS, pages: Math.ceil(MEMBERS / 100), subscriptionsCreated: MEMBERS });
    expect(await currentCounts(t.db, f.profileId)).toEqual(simCounts(f.sim));
    await noDuplicates(t.db, f.profileId);
    expect(engineDetails(first.details).history?.map((h) => h.outcome)).toEqual(["completed"]);

    const again = await requestRun({ db: t.db, actor: f.actor }, { scheduledJobId: f.jobId, trigger: "manual" });
    const second = await settled(t.db, again.jobResultId);
    expect(second).toMatchObject({ state: "completed", membersRead: MEMBERS, subscriptionsCreated: 0, subscriptionsUnchanged: MEMBERS, subscriptionsRemoved: 0 });
  });

  it("an attempt that fails on page 3 is retried by the engine, removes nothing, and the run converges", async () => {
    maxAttempts = 1;
    try {
      // Pages 1 and 2 answer; the third request gets a 500 (the first attempt reads only once per page).
      await simControl(f.sim, "POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", delayMs: 0, count: 2 });
      await simControl(f.sim, "POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", status: 500, count: 1 });
      const { jobResultId } = await requestRun({ db: t.db, actor: f.actor }, { scheduledJobId: f.jobId, trigger: "manual" });
      const done = await settled(t.db, jobResultId);
      expect(done.state).toBe("completed");
      const history = engineDetails(done.details).history!;
      expect(history.map((h) => h.outcome)).toEqual(["retrying", "completed"]);
      expect(history[0]!.error).toMatch(/500/);
      expect(history[0]!.error).toMatch(/nothing was removed/i);
      expect(done).toMatchObject({ membersRead: MEMBERS, subscriptionsRemoved: 0 });
      expect(await currentCounts(t.db, f.profileId)).toEqual(simCounts(f.sim));
      await noDuplicates(t.db, f.profileId);
    } finally {
      maxAttempts = undefined;
      await simControl(f.sim, "DELETE", "/faults");
    }
  });
});

describe("kill -9 of npm run worker in the middle of a real download on PostgreSQL", () => {
  let t: TestDb;
  let f: Fixture;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestDb("postgres");
    f = await publishedMiroProfile(t.db, 2000, 47);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await f?.sim.close();
    await t?.dispose();
  });

  it("the engine retries the killed run in another worker and it converges to the simulator's members", async () => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    // As package.json's worker script starts it.
    child = spawn(process.execPath, ["--optimize-for-size", "--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      cwd: process.cwd(),
      env: {
        ...inherited,
        DATABASE_URL: t.url!,
        OPENSAM_ENCRYPTION_KEY: f.key,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        MIRO_AUTHORIZE_BASE_URL: f.sim.url,
        MIRO_API_BASE_URL: f.sim.url,
        MIRO_SCIM_BASE_URL: `${f.sim.url}/api/v1/scim`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += String(d)));
    child.stderr!.on("data", (d) => (output += String(d)));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child!.on("exit", (code, signal) => resolve(signal ?? code)));
    await waitFor("npm run worker to start", async () => /worker \d+ started on PostgreSQL/.test(output)).catch((e: Error) => {
      throw new Error(`${e.message}\n${output}`);
    });
    // A retry in this test waits about a second, not the production minute.
    await startJobEngine(t, { queueOverrides: FAST.queueOverrides });
    await stopJobEngine(t);

    // Slow pages, so that the run is surely in the middle when the worker is killed.
    await simControl(f.sim, "POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", delayMs: 400, always: true });
    const { jobResultId } = await requestRun({ db: t.db, actor: f.actor }, { scheduledJobId: f.jobId, trigger: "publish" });
    const midway = await waitFor("the download to be half-way", async () => {
      const r = await row(t.db, jobResultId);
      return r.state === "running" && r.membersRead >= 300 ? r : null;
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${output}`);
    });
    expect(midway.membersRead).toBeLessThan(2000);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await simControl(f.sim, "DELETE", "/faults");
    expect((await row(t.db, jobResultId)).state).toBe("running");

    const real: RunDownloadFn = (db, input) => runDownload(db, input, { adapter: f.adapter, encryptionKey: f.key });
    const worker = await startWorker(t, { ...FAST, kinds: [downloadSubscriptionsKind(real)] });
    try {
      const done = await settled(t.db, jobResultId);
      expect(done.errorText).toBeNull();
      expect(done).toMatchObject({ state: "completed", membersRead: 2000, subscriptionsRemoved: 0 });
      const history = engineDetails(done.details).history!;
      expect(history.map((h) => [h.attempt, h.outcome])).toEqual([
        [1, "retrying"],
        [2, "completed"],
      ]);
      expect(history[0]!.error).toBe(STOPPED_SENTENCE);
      expect(await currentCounts(t.db, f.profileId)).toEqual(simCounts(f.sim));
      await noDuplicates(t.db, f.profileId);

      // The following run converges too: nothing left to change.
      const next = await requestRun({ db: t.db, actor: f.actor }, { scheduledJobId: f.jobId, trigger: "manual" });
      expect(await settled(t.db, next.jobResultId)).toMatchObject({ state: "completed", membersRead: 2000, subscriptionsUnchanged: 2000, subscriptionsRemoved: 0 });
    } finally {
      await worker.stop({ graceSeconds: 1 });
    }
  }, 120_000);
});
