import "../helpers/test-env";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { jobActor, personActor, type PersonActor } from "@/lib/auth/actor";
import {
  integrationProfiles,
  jobResults,
  removalCandidateEvents,
  removalCandidates,
  softwareSubscriptions,
  users,
  type RemovalCandidate,
} from "@/lib/db/schema";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { runDownload } from "@/lib/services/downloads/run-download";
import { closeCandidate } from "@/lib/services/reclamation/close-candidate";
import { generateCandidates } from "@/lib/services/reclamation/generate-candidates";
import { requestReclaim } from "@/lib/services/reclamation/request-reclaim";
import { restoreCandidate } from "@/lib/services/reclamation/restore-candidate";
import { runReclaim } from "@/lib/services/reclamation/run-reclaim";
import { simControl } from "../helpers/sim-control";
import { publishSimulatorProfile } from "../helpers/simulator-profile";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * Reclaim end to end against the Miro simulator over real HTTP: a download, candidate generation,
 * then Reclaim as the worker runs it (runReclaim with the job id the request handed out), with the
 * simulator's own behaviour (a Company Admin's 409) and its fault API for the rest.
 */

type SimMember = { id: string; email: string; active: boolean; role: string };
type LoggedRequest = { method: string; path: string; status: number };

let sim: MiroSimulator;
beforeAll(async () => {
  sim = await startMiroSimulator({ port: 0, members: 300, seed: 7, rateLimit: false });
  process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
  process.env.MIRO_API_BASE_URL = sim.url;
  process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
});
afterAll(async () => {
  await sim?.close();
});

const control = <T = unknown>(method: string, path: string, body?: unknown) => simControl<T>(sim, method, path, body);
const patchesOf = async (memberId: string) =>
  (await control<LoggedRequest[]>("GET", `/requests?method=PATCH&path=${encodeURIComponent(`/api/v1/scim/Users/${memberId}`)}`)).length;
const member = (id: string) => control<SimMember>("GET", `/members/${id}`);
const log = () => {};

describe.each(ENGINES)("reclaim on %s", (engine) => {
  let t: TestDb;
  let integrator: PersonActor;
  let samUser: PersonActor;
  let admin: PersonActor;
  let profileId = "";

  const ctx = (actor: PersonActor) => ({ db: t.db, actor });
  const candidate = async (id: string) => (await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, id)))[0]!;
  const externalId = async (c: RemovalCandidate) =>
    (await t.db.select({ id: softwareSubscriptions.externalUserId }).from(softwareSubscriptions).where(eq(softwareSubscriptions.id, c.subscriptionId!)))[0]!.id;
  /** What the worker does with the job the request handed out. */
  const work = async (id: string, willRetry = false) => {
    const c = await candidate(id);
    await runReclaim({ db: t.db, jobId: c.reclaimJobId!, willRetry, signal: new AbortController().signal, log }, id);
    return candidate(id);
  };
  let pool: RemovalCandidate[] = [];
  const take = () => pool.shift()!;

  beforeAll(async () => {
    await control("POST", "/reset", {});
    t = await createTestDb(engine);
    await startJobEngine(t);
    await ensureVendorAliases(t.db);
    const person = async (email: string, roles: ("sam_user" | "sam_integrator" | "sam_admin")[]) => {
      const [row] = await t.db.insert(users).values({ email, name: email, passwordHash: "x", roles }).returning();
      return personActor({ id: row!.id, email, roles });
    };
    integrator = await person(`int-${engine}@example.com`, ["sam_integrator"]);
    samUser = await person(`user-${engine}@example.com`, ["sam_user"]);
    admin = await person(`admin-${engine}@example.com`, ["sam_admin"]);

    const published = await publishSimulatorProfile(t.db, sim, integrator, `Miro ${engine}`);
    profileId = published.profileId;
    const jobId = published.jobId;
    const [run] = await t.db.insert(jobResults).values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date() }).returning();
    await runDownload(t.db, { profileId, jobResultId: run!.id });
    await t.db.update(jobResults).set({ state: "completed", endedAt: new Date() }).where(eq(jobResults.id, run!.id));

    const outcome = await generateCandidates(t.db, jobActor("test", null, "Test"), { profileId });
    expect(outcome.created).toBeGreaterThan(10);
    // Ordinary members only: a Company Admin is the 409 case below, made on purpose.
    const all = await t.db.select().from(removalCandidates).orderBy(removalCandidates.number);
    pool = [];
    for (const c of all) if ((await member(await externalId(c))).role !== "organization_internal_admin") pool.push(c);
  }, 120_000);
  afterAll(async () => {
    if (t) await stopJobEngine(t);
    await t?.dispose();
  });
  beforeEach(async () => {
    await control("DELETE", "/faults");
  });

  it("Reclaim: re-reads, deactivates once, verifies, Closed Complete with the subscription reclaimed; a duplicate job does nothing", async () => {
    const c = take();
    const id = await externalId(c);
    expect(await requestReclaim(ctx(samUser), { ids: [c.id] })).toEqual({ queued: 1, skipped: 0 });
    expect((await candidate(c.id)).state).toBe("awaiting_revocation");
    const done = await work(c.id);
    expect(done.state).toBe("closed_complete");
    expect(done.closeReason).toContain("Deactivated");
    expect(done.actualSavings).toBe(done.potentialSavings);
    expect((await member(id)).active).toBe(false);
    expect(await patchesOf(id)).toBe(1);
    const [sub] = await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.id, c.subscriptionId!));
    expect(sub).toMatchObject({ active: false, removalReason: "reclaimed" });
    // The same job delivered again, and a second request: no second PATCH.
    await runReclaim({ db: t.db, jobId: done.reclaimJobId!, willRetry: false, signal: new AbortController().signal, log }, c.id);
    await expect(requestReclaim(ctx(samUser), { ids: [c.id] })).rejects.toThrow(/None of these candidates is Ready/);
    expect(await patchesOf(id)).toBe(1);
    const history = await t.db.select().from(removalCandidateEvents).where(eq(removalCandidateEvents.candidateId, c.id)).orderBy(removalCandidateEvents.at);
    expect(history.map((e) => e.kind)).toEqual(["created", "state", "vendor", "vendor", "state"]);
  });

  it("activity since the candidate was made: Closed Canceled and the member untouched (no PATCH)", async () => {
    const c = take();
    const id = await externalId(c);
    await control("POST", `/members/${id}`, { lastActivityDaysAgo: 2 });
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    const done = await work(c.id);
    expect(done.state).toBe("closed_canceled");
    expect(done.closeReason).toMatch(/^Activity detected on \d{4}-\d{2}-\d{2} \(2 days ago, under the 60-day threshold\)/);
    expect(await patchesOf(id)).toBe(0);
    expect((await member(id)).active).toBe(true);
    // The fresh activity is kept: the rules do not make the same candidate again before the next download.
    expect((await generateCandidates(t.db, jobActor("test", null, "Test"), { profileId })).created).toBe(0);
  });

  it("a Company Admin: Miro's 409 in its words → Attention Required; role changed → Resume Reclaim → Closed Complete", async () => {
    const c = take();
    const id = await externalId(c);
    await control("POST", `/members/${id}`, { role: "organization_internal_admin" });
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    const failed = await work(c.id);
    expect(failed.state).toBe("attention_required");
    expect(failed.vendorError).toContain("Company Admins must have Company Admin rights revoked before they can be deactivated");
    expect(failed.vendorError).toContain("Resume Reclaim");
    await control("POST", `/members/${id}`, { role: "organization_internal_user" });
    await expect(requestReclaim(ctx(samUser), { ids: [c.id] })).rejects.toThrow(/None of these candidates is Ready/);
    expect(await requestReclaim(ctx(samUser), { ids: [c.id], resume: true })).toEqual({ queued: 1, skipped: 0 });
    expect((await work(c.id)).state).toBe("closed_complete");
    expect((await member(id)).active).toBe(false);
  });

  it("a worker that dies after the PATCH: the retry verifies instead of deactivating again", async () => {
    const c = take();
    const id = await externalId(c);
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    // The first read keeps failing with a 503 (three tries in place) on an attempt pg-boss will retry:
    // it hands the job back, nothing sent.
    await control("POST", "/faults", { path: `/v2/orgs/*/members/${id}`, method: "GET", status: 503, count: 3 });
    await expect(work(c.id, true)).rejects.toThrow(/503/);
    expect((await candidate(c.id)).state).toBe("awaiting_revocation");
    expect(await patchesOf(id)).toBe(0);
    // The retry after a crash that followed the PATCH: the member is inactive and the candidate
    // knows this job sent the deactivation, so it verifies and completes without a second PATCH.
    await t.db.update(removalCandidates).set({ deactivationSentAt: new Date() }).where(eq(removalCandidates.id, c.id));
    await control("POST", `/members/${id}`, { active: false });
    const c2 = await candidate(c.id);
    const done = await work(c2.id);
    expect(done.state).toBe("closed_complete");
    expect(await patchesOf(id)).toBe(0);
  });

  it("deactivated by someone else before the reclaim: Closed Skipped, nothing sent", async () => {
    const c = take();
    const id = await externalId(c);
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    await control("POST", `/members/${id}`, { active: false });
    const done = await work(c.id);
    expect(done.state).toBe("closed_skipped");
    expect(done.closeReason).toContain("already deactivated in Miro outside OpenSAM");
    expect(await patchesOf(id)).toBe(0);
  });

  it("a revoked SCIM token (401): Attention Required saying to generate a new token", async () => {
    const c = take();
    const id = await externalId(c);
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    await control("POST", "/faults", { path: `/api/v1/scim/Users/${id}`, method: "PATCH", status: 401, count: 1 });
    const done = await work(c.id);
    expect(done.state).toBe("attention_required");
    expect(done.vendorError).toMatch(/HTTP 401.*generate a new SCIM token/s);
    expect((await member(id)).active).toBe(true);
  });

  it("Reclaim subscriptions cleared: Reclaim refused with the sentence, nothing queued, no SCIM call", async () => {
    const c = take();
    await t.db.update(integrationProfiles).set({ reclaimEnabled: false }).where(eq(integrationProfiles.id, profileId));
    try {
      await expect(requestReclaim(ctx(samUser), { ids: [c.id] })).rejects.toThrow(/Reclaim subscriptions is cleared on Miro/);
      expect((await candidate(c.id)).state).toBe("ready");
    } finally {
      await t.db.update(integrationProfiles).set({ reclaimEnabled: true }).where(eq(integrationProfiles.id, profileId));
    }
    pool.unshift(c);
  });

  it("stale data: refused when the last successful download is older than 2 days", async () => {
    const c = take();
    const old = new Date(Date.now() - 3 * 86_400_000);
    await t.db.execute(sql`update job_results set ended_at = ${old.toISOString()}::timestamptz where profile_id = ${profileId}::uuid`);
    try {
      await expect(requestReclaim(ctx(samUser), { ids: [c.id] })).rejects.toThrow(/more than 2 days ago: reclaim is refused on stale data/);
    } finally {
      await t.db.execute(sql`update job_results set ended_at = now() where profile_id = ${profileId}::uuid`);
    }
    pool.unshift(c);
  });

  it("Restore (sam_admin only): reactivates the member and reverses the saving", async () => {
    const c = take();
    const id = await externalId(c);
    await requestReclaim(ctx(samUser), { ids: [c.id] });
    expect((await work(c.id)).state).toBe("closed_complete");
    await expect(restoreCandidate(ctx(samUser), { id: c.id })).rejects.toThrow(/permission|not allowed|cannot/i);
    const restored = await restoreCandidate(ctx(admin), { id: c.id });
    expect(restored.state).toBe("closed_canceled");
    expect(restored.actualSavings).toBeNull();
    expect(restored.restoredAt).not.toBeNull();
    expect((await member(id)).active).toBe(true);
    const [sub] = await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.id, c.subscriptionId!));
    expect(sub).toMatchObject({ active: true, removedAt: null, removalReason: null });
  });

  it("Close Skipped needs a reason; Close Complete records the saving; a person without a role is refused", async () => {
    const a = take();
    const b = take();
    await expect(closeCandidate(ctx(samUser), { id: a.id, to: "closed_skipped", reason: "" })).rejects.toThrow();
    const skipped = await closeCandidate(ctx(samUser), { id: a.id, to: "closed_skipped", reason: "On parental leave until March" });
    expect(skipped).toMatchObject({ state: "closed_skipped", closeReason: "On parental leave until March" });
    const complete = await closeCandidate(ctx(samUser), { id: b.id, to: "closed_complete", reason: "Removed by hand in Miro" });
    expect(complete.actualSavings).toBe(b.potentialSavings);
    const nobody = personActor({ id: samUser.id, email: "nobody@example.com", roles: [] });
    await expect(requestReclaim(ctx(nobody), { ids: [take().id] })).rejects.toThrow();
    const open = await t.db.select().from(removalCandidates).where(and(eq(removalCandidates.profileId, profileId), sql`${removalCandidates.closedAt} is null`));
    expect(open.length).toBeGreaterThan(0);
  });

  it("Reclaim All with SCIM faults (404, 409, 429) on some: each ends where it should, the others complete, nothing is lost or sent twice", async () => {
    const batch = [take(), take(), take(), take(), take(), take()];
    const ids = await Promise.all(batch.map(externalId));
    const [gone, refused, limited] = ids;
    await control("POST", "/faults", { path: `/api/v1/scim/Users/${gone}`, method: "PATCH", status: 404, count: 1 });
    await control("POST", "/faults", { path: `/api/v1/scim/Users/${refused}`, method: "PATCH", status: 409, count: 1 });
    await control("POST", "/faults", { path: `/api/v1/scim/Users/${limited}`, method: "PATCH", status: 429, count: 2, headers: { "retry-after": "1" } });
    expect(await requestReclaim(ctx(samUser), { ids: batch.map((c) => c.id) })).toEqual({ queued: 6, skipped: 0 });
    // As the worker runs them: several at once.
    const done = await Promise.all(batch.map((c) => work(c.id)));
    expect(done.map((c) => c.state)).toEqual(["attention_required", "attention_required", "closed_complete", "closed_complete", "closed_complete", "closed_complete"]);
    expect(done[0]!.vendorError).toContain("does not know this user through SCIM");
    expect(done[1]!.vendorError).toContain("refused to deactivate this user");
    for (const [i, id] of ids.entries()) {
      expect((await member(id)).active).toBe(i < 2);
      // The 429s were answered without the PATCH being applied; the one that got through is the only one applied.
      expect(await patchesOf(id)).toBe(i === 2 ? 3 : 1);
    }
    const events = await t.db.select().from(removalCandidateEvents).where(sql`${removalCandidateEvents.candidateId} in ${batch.map((c) => c.id)}`);
    for (const c of batch) expect(events.filter((e) => e.candidateId === c.id && e.kind === "state").length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
