import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ENCRYPTION_KEY = randomBytes(32).toString("base64");
process.env.OPENSAM_ENCRYPTION_KEY = ENCRYPTION_KEY;
process.env.AUTH_SECRET = randomBytes(32).toString("base64url");

import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { personActor, type PersonActor } from "@/lib/auth/actor";
import { resultRows } from "@/lib/db/driver";
import { auditLog, jobResults, removalCandidateEvents, removalCandidates, softwareSubscriptions, users } from "@/lib/db/schema";
import type { QueueOverrides } from "@/lib/jobs/definitions";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { downloadSubscriptionsJob } from "@/lib/jobs/kinds/download-subscriptions";
import { reclaimCandidateTask } from "@/lib/jobs/kinds/reclaim-candidate";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { requestRun } from "@/lib/services/jobs/request-run";
import { requestReclaim } from "@/lib/services/reclamation/request-reclaim";
import { jobResultRow } from "../helpers/job-runs";
import { simControl } from "../helpers/sim-control";
import { publishSimulatorProfile } from "../helpers/simulator-profile";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { waiter } from "../helpers/wait-for";

/*
 * Crash and concurrency (hardening item 13) on one PostgreSQL: two worker processes, started the way
 * `npm run worker` starts one (node + tsx, the registry's real kinds), against the Miro simulator over
 * HTTP. A download asked for once runs once; Reclaim of 20 candidates with both workers polling sends
 * one PATCH per member; workers killed with SIGKILL while one is between its PATCH and its verification
 * leave the job to pg-boss, and the worker started after them verifies instead of deactivating again.
 * Nothing is lost: every candidate ends Closed Complete with its history, and the audit rows are there.
 */

const ROOT = process.cwd();
const BATCH = 20;
/** Short expiry and retry delay, so that a killed worker's reclaim comes back within seconds. */
const OVERRIDES: QueueOverrides = {
  [reclaimCandidateTask.id]: { expireInSeconds: 6, retryDelaySeconds: 1, retryBackoff: false },
  [downloadSubscriptionsJob.id]: { retryDelaySeconds: 1 },
};
const waitFor = waiter(60_000);

type Child = { process: ChildProcess; output: () => string; exited: Promise<NodeJS.Signals | number | null> };
type LoggedRequest = { method: string; path: string; status: number };

function workerScript(dir: string): string {
  const file = path.join(dir, "worker.ts");
  writeFileSync(
    file,
    `import { openDb } from ${JSON.stringify(path.join(ROOT, "lib/db/client"))};
import { startWorker } from ${JSON.stringify(path.join(ROOT, "lib/jobs/worker"))};
async function main() {
  const handle = await openDb({ databaseUrl: process.env.DATABASE_URL });
  await startWorker(handle, {
    pollingIntervalSeconds: 0.5, heartbeatSeconds: 1, staleAfterSeconds: 5, sweepIntervalSeconds: 1, maintenanceIntervalSeconds: 1, schedule: false,
    queueOverrides: ${JSON.stringify(OVERRIDES)},
    log: (m) => process.stdout.write("LOG " + m + "\\n"),
  });
  process.stdout.write("READY " + process.pid + "\\n");
}
main().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  return file;
}

describe("two workers on one PostgreSQL, and one killed mid-reclaim", () => {
  let sim: MiroSimulator;
  let t: TestDb;
  let dir: string;
  let script: string;
  let integrator: PersonActor;
  let samUser: PersonActor;
  let profileId = "";
  let jobId = "";
  const children: Child[] = [];
  const control = <T = unknown>(method: string, p: string, body?: unknown) => simControl<T>(sim, method, p, body);

  function startWorkerProcess(): Child {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
      cwd: ROOT,
      env: {
        ...inherited,
        DATABASE_URL: t.url!,
        OPENSAM_ENCRYPTION_KEY: ENCRYPTION_KEY,
        MIRO_AUTHORIZE_BASE_URL: sim.url,
        MIRO_API_BASE_URL: sim.url,
        MIRO_SCIM_BASE_URL: `${sim.url}/api/v1/scim`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (out += String(d)));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    const entry = { process: child, output: () => out, exited };
    children.push(entry);
    return entry;
  }
  const ready = (c: Child) =>
    waitFor("a worker process to start", async () => c.output().includes("READY")).catch((e: Error) => {
      throw new Error(`${e.message}\n${c.output()}`);
    });

  beforeAll(async () => {
    sim = await startMiroSimulator({ port: 0, members: 300, seed: 11, rateLimit: false });
    process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
    process.env.MIRO_API_BASE_URL = sim.url;
    process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
    t = await createTestDb("postgres");
    dir = mkdtempSync(path.join(tmpdir(), "opensam-two-workers-"));
    script = workerScript(dir);
    await startJobEngine(t, { queueOverrides: OVERRIDES });
    await ensureVendorAliases(t.db);
    const person = async (email: string, roles: ("sam_user" | "sam_integrator")[]) => {
      const [row] = await t.db.insert(users).values({ email, name: email, passwordHash: "x", roles }).returning();
      return personActor({ id: row!.id, email, roles });
    };
    integrator = await person("int@example.com", ["sam_integrator"]);
    samUser = await person("user@example.com", ["sam_user"]);
    ({ profileId, jobId } = await publishSimulatorProfile(t.db, sim, integrator, "Miro two workers"));
    await Promise.all([ready(startWorkerProcess()), ready(startWorkerProcess())]);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill("SIGKILL");
    if (t) await stopJobEngine(t);
    await t?.dispose();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a download asked for once runs once, in one of the two workers, and its candidates are made once", async () => {
    await control("DELETE", "/requests");
    const { jobResultId } = await requestRun({ db: t.db, actor: integrator }, { scheduledJobId: jobId, trigger: "manual" });
    const done = await waitFor("the download to end", async () => {
      const row = await jobResultRow(t.db, jobResultId);
      return row.state !== "queued" && row.state !== "running" ? row : undefined;
    });
    expect(done.state).toBe("completed");
    expect(await t.db.$count(jobResults, eq(jobResults.profileId, profileId))).toBe(1);
    // One listing: the members pages were each asked for once.
    const pages = (await control<LoggedRequest[]>("GET", "/requests?method=GET&path=/v2/orgs/")).filter((r) => /^\/v2\/orgs\/\d+\/members$/.test(r.path));
    expect(pages.length).toBe(done.pages);
    const duplicates = resultRows(
      await t.db.execute(sql`select subscription_id from removal_candidates where closed_at is null group by subscription_id having count(*) > 1`),
    );
    expect(duplicates).toEqual([]);
    expect(await t.db.$count(removalCandidates, eq(removalCandidates.profileId, profileId))).toBeGreaterThan(BATCH);
  }, 90_000);

  it("Reclaim of 20 with two workers polling, both killed with SIGKILL after a PATCH: one PATCH per member, every candidate Closed Complete", async () => {
    const readyRows = await t.db.select().from(removalCandidates).where(and(eq(removalCandidates.profileId, profileId), eq(removalCandidates.state, "ready"))).orderBy(removalCandidates.number);
    const batch: { id: string; member: string }[] = [];
    for (const c of readyRows) {
      const [sub] = await t.db.select({ id: softwareSubscriptions.externalUserId }).from(softwareSubscriptions).where(eq(softwareSubscriptions.id, c.subscriptionId!));
      // Ordinary members only: Miro refuses to deactivate a Company Admin (another test's case).
      if ((await control<{ role: string }>("GET", `/members/${sub!.id}`)).role === "organization_internal_user") batch.push({ id: c.id, member: sub!.id });
      if (batch.length === BATCH) break;
    }
    expect(batch).toHaveLength(BATCH);
    const held = batch[0]!;
    // The verification of one member hangs: its worker has sent the PATCH and waits when it is killed.
    await control("POST", "/faults", { path: `/api/v1/scim/Users/${held.member}`, method: "GET", delayMs: 120_000, count: 1 });
    await control("DELETE", "/requests");
    expect(await requestReclaim({ db: t.db, actor: samUser }, { ids: batch.map((b) => b.id) })).toEqual({ queued: BATCH, skipped: 0 });

    await waitFor("the held reclaim to have sent its PATCH, and the others to finish", async () => {
      const rows = await t.db.select().from(removalCandidates).where(inArray(removalCandidates.id, batch.map((b) => b.id)));
      const heldRow = rows.find((r) => r.id === held.id)!;
      return heldRow.deactivationSentAt !== null && rows.filter((r) => r.state === "closed_complete").length === BATCH - 1;
    });
    for (const c of children) c.process.kill("SIGKILL");
    expect(await Promise.all(children.map((c) => c.exited))).toEqual(children.map(() => "SIGKILL"));
    expect((await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, held.id)))[0]!.state).toBe("awaiting_revocation");

    // The worker started after the crash gets the job back from pg-boss once it expires.
    await ready(startWorkerProcess());
    await waitFor("the held reclaim to complete after the restart", async () => {
      const [row] = await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, held.id));
      return row!.state === "closed_complete";
    });

    const log = await control<LoggedRequest[]>("GET", "/requests?method=PATCH&path=/api/v1/scim/Users/");
    for (const b of batch) {
      expect(log.filter((r) => r.path === `/api/v1/scim/Users/${b.member}`), b.member).toHaveLength(1);
      expect((await control<{ active: boolean }>("GET", `/members/${b.member}`)).active).toBe(false);
    }
    const rows = await t.db.select().from(removalCandidates).where(inArray(removalCandidates.id, batch.map((b) => b.id)));
    expect(rows.every((r) => r.state === "closed_complete" && r.actualSavings === r.potentialSavings)).toBe(true);
    const closing = await t.db
      .select()
      .from(removalCandidateEvents)
      .where(and(inArray(removalCandidateEvents.candidateId, batch.map((b) => b.id)), eq(removalCandidateEvents.kind, "state"), sql`${removalCandidateEvents.toState} = 'closed_complete'`));
    expect(closing).toHaveLength(BATCH);
    const reclaimed = await t.db.$count(softwareSubscriptions, and(eq(softwareSubscriptions.profileId, profileId), eq(softwareSubscriptions.removalReason, "reclaimed"), isNotNull(softwareSubscriptions.removedAt)));
    expect(reclaimed).toBe(BATCH);
    // One audit row per reclaim that completed: none lost, none written twice.
    const audited = await t.db.select({ entityId: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, "removal_candidate.reclaim.closed_complete"));
    expect(audited.map((a) => a.entityId).sort()).toEqual(batch.map((b) => b.id).sort());
  }, 180_000);
});
