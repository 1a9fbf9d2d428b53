import "../helpers/test-env";
import { randomUUID } from "node:crypto";
import { and, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { personActor, type PersonActor } from "@/lib/auth/actor";
import { confirmRemovals } from "@/lib/services/downloads/confirm-removals";
import {
  directoryUsers,
  downloadSeenMembers,
  integrationProfiles,
  jobResults,
  scheduledJobs,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifierExclusionRules,
  subscriptionIdentifiers,
  subscriptionUserExclusionRules,
  unrecognizedSubscriptionIdentifiers,
  users,
} from "@/lib/db/schema";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { DownloadError, runDownload, type DownloadProgress, type DownloadSummary, type RunDownloadDeps } from "@/lib/services/downloads/run-download";
import { createMiroAdapter } from "@/lib/integrations/miro/adapter";
import type { MiroMember } from "@/lib/integrations/miro/api-types";
import { createProfile } from "@/lib/services/profiles/create-profile";
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { validateProfile } from "@/lib/services/profiles/validate-profile";
import { applyIdentifierMapping } from "@/lib/services/subscriptions/apply-identifier-mapping";
import { reapplyExclusions } from "@/lib/services/subscriptions/reapply-exclusions";
import { jobResultRow, type JobResultRow } from "../helpers/job-runs";
import { simControl } from "../helpers/sim-control";
import { consentMiroOAuth } from "../helpers/simulator-profile";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * The download (issue 5 items 2-6) end to end: a profile published through the real services against
 * the in-process Miro simulator (2,000 members, no rate limit), runs of `runDownload` as the job
 * engine makes them (it creates the running job result and closes it afterwards), on both engines.
 * Faults come from the simulator's fault API. Waits between retries are recorded, not slept.
 */

const DOWNLOAD = "miro_spoke.Miro_Enterprise";
const RECLAIM = "miro_spoke.Miro_Enterprise_SCIM";
const MEMBERS = 2000;
const HOUR = 3_600_000;

type SimMember = { id: string; email: string; license: string; active: boolean; role: string; lastActivityAt?: string; licenseAssignedAt?: string };
type SimState = { counts: { members: number; neverActive: number; byLicense: Record<string, number> }; org: { id: string } };
type LoggedRequest = { method: string; path: string; status: number; query: Record<string, string>; body?: Record<string, string> };

let sim: MiroSimulator;

beforeAll(async () => {
  sim = await startMiroSimulator({ port: 0, members: MEMBERS, seed: 1, rateLimit: false });
  process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
  process.env.MIRO_API_BASE_URL = sim.url;
  process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
});
afterAll(async () => {
  await sim?.close();
});

const control = <T = unknown>(method: string, path: string, body?: unknown) => simControl<T>(sim, method, path, body);
const simState = () => control<SimState>("GET", "/state");
const fault = (input: Record<string, unknown>) => control("POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", ...input });
const simMembers = async (): Promise<SimMember[]> => {
  const out: SimMember[] = [];
  for (let offset = 0; ; offset += 1000) {
    const rows = (await control<{ members: SimMember[] }>("GET", `/members?offset=${offset}&limit=1000`)).members;
    out.push(...rows);
    if (rows.length < 1000) return out;
  }
};

describe.each(ENGINES)("download on %s", (engine) => {
  let t: TestDb;
  let integrator: PersonActor;
  let profileId = "";
  let jobId = "";
  /** Every wait the runs asked for (retries, pacing), instead of sleeping. */
  let waits: number[] = [];
  const deps: RunDownloadDeps = {
    clock: {
      sleep: async (ms, signal) => {
        waits.push(ms);
        if (signal?.aborted) throw signal.reason;
      },
    },
    progressIntervalMs: 0,
  };

  type Outcome = { summary?: DownloadSummary; error?: Error; row: JobResultRow };

  /** One run as the job engine makes it: a running job result, runDownload, then the row closed. */
  /**
   * One page fetched ahead and one page per write: what tests that act "after page N" need to know
   * which request comes next. The other tests run with the defaults (40 ahead, 20 per write), but
   * for those that act between two writes of a run (`fivePerWrite`: 2,000 members are 20 pages, a
   * single write with the defaults).
   */
  const stepwise: Partial<RunDownloadDeps> = { pagesAhead: 1, pagesPerWrite: 1 };
  const fivePerWrite: Partial<RunDownloadDeps> = { pagesAhead: 10, pagesPerWrite: 5 };

  async function run(
    options: { onProgress?: (p: DownloadProgress) => void | Promise<void>; signal?: AbortSignal; deps?: Partial<RunDownloadDeps> } = {},
  ): Promise<Outcome> {
    const [created] = await t.db
      .insert(jobResults)
      .values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date() })
      .returning({ id: jobResults.id });
    const jobResultId = created!.id;
    let summary: DownloadSummary | undefined;
    let error: Error | undefined;
    try {
      summary = await runDownload(
        t.db,
        { profileId, jobResultId, signal: options.signal, onProgress: options.onProgress as (p: DownloadProgress) => void },
        { ...deps, ...options.deps },
      );
    } catch (e) {
      error = e as Error;
    }
    // Closed as the job engine would; retried, as the engine's own writes are, when a test has just cut
    // the database connections (each pooled connection fails once before it reconnects).
    for (let attempt = 1; ; attempt++) {
      try {
        await t.db
          .update(jobResults)
          .set(error ? { state: "failed", endedAt: new Date(), errorText: error.message } : { state: "completed", endedAt: new Date() })
          .where(eq(jobResults.id, jobResultId));
        break;
      } catch (e) {
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { summary, error, row: await jobResultRow(t.db, jobResultId) };
  }

  const current = () => t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), isNull(softwareSubscriptions.removedAt)));
  const removedCount = async () =>
    (await t.db.select({ n: count() }).from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), isNotNull(softwareSubscriptions.removedAt))))[0]!.n;

  /** The database holds exactly the simulator's members: same ids, identifiers, no duplicates. */
  async function expectConverged() {
    const [members, rows, state] = await Promise.all([simMembers(), current(), simState()]);
    expect(rows).toHaveLength(state.counts.members);
    expect(new Set(rows.map((r) => r.externalUserId))).toEqual(new Set(members.map((m) => m.id)));
    const all = await t.db.select({ n: count(), distinct: sql<number>`count(distinct ${softwareSubscriptions.externalUserId})::int` }).from(softwareSubscriptions).where(eq(softwareSubscriptions.profileId, profileId));
    expect(all[0]!.n).toBe(all[0]!.distinct);
    const byIdentifier: Record<string, number> = {};
    for (const r of rows) byIdentifier[r.subscriptionIdentifier] = (byIdentifier[r.subscriptionIdentifier] ?? 0) + 1;
    const expected = Object.fromEntries(Object.entries(state.counts.byLicense).filter(([, n]) => n > 0));
    expect(byIdentifier).toEqual(expected);
    expect(await t.db.select().from(downloadSeenMembers)).toHaveLength(0);
  }

  /** Create and Get OAuth Token again (after Miro revoked the tokens). */
  const connectOAuth = () => consentMiroOAuth(t.db, sim, integrator);

  beforeAll(async () => {
    await control("POST", "/reset", {});
    t = await createTestDb(engine);
    await ensureVendorAliases(t.db);
    const [person] = await t.db.insert(users).values({ email: `int-${engine}@example.com`, name: "Int", passwordHash: "x", roles: ["sam_integrator"] }).returning();
    integrator = personActor(person!);

    ({ id: profileId } = await createProfile({ db: t.db, actor: integrator }, { vendorId: "miro", displayName: `Miro ${engine}`, reclaimEnabled: true }));
    await connectOAuth();
    await createApiTokenConnection({ db: t.db, actor: integrator }, { aliasId: RECLAIM, name: "Miro Enterprise SCIM", apiToken: sim.state.demo.scimToken });
    expect((await validateProfile({ db: t.db, actor: integrator }, { id: profileId })).ok).toBe(true);
    ({ jobId } = await publishProfile({ db: t.db, actor: integrator }, { id: profileId }));

    // A directory that knows most members: by email (differently cased), some only by user name.
    const members = await simMembers();
    const byEmail = members.slice(0, 1500).map((m, i) => ({ name: `Person ${i}`, email: i % 2 ? m.email.toUpperCase() : m.email }));
    const byUserName = members.slice(1500, 1600).map((m, i) => ({ name: `Login ${i}`, userName: m.email }));
    await t.db.insert(directoryUsers).values([...byEmail, ...byUserName]);
  });
  afterAll(async () => {
    await t?.dispose();
  });
  beforeEach(async () => {
    await control("DELETE", "/faults");
    waits = [];
  });

  it("first run: exactly the simulator's members, free licenses excluded, never-active kept as never", async () => {
    const state = await simState();
    const progress: DownloadProgress[] = [];
    const { summary, error, row } = await run({ onProgress: (p) => void progress.push(p) });
    expect(error).toBeUndefined();
    expect(summary).toMatchObject({ pages: MEMBERS / 100, membersRead: MEMBERS, created: MEMBERS, updated: 0, unchanged: 0, removed: 0, httpRetries: 0, rateLimited: 0 });
    await expectConverged();

    const rows = await current();
    const free = (state.counts.byLicense.free ?? 0) + (state.counts.byLicense.free_restricted ?? 0);
    const excluded = rows.filter((r) => r.excluded);
    expect(excluded).toHaveLength(free);
    expect(excluded.every((r) => ["free", "free_restricted"].includes(r.subscriptionIdentifier) && r.identifierExclusionRuleId !== null && r.userExclusionRuleId === null)).toBe(true);
    expect(summary!.excluded).toBe(free);

    // Never active: no lastActivityAt at Miro, null here.
    const members = await simMembers();
    const neverIds = new Set(members.filter((m) => !m.lastActivityAt).map((m) => m.id));
    expect(neverIds.size).toBe(state.counts.neverActive);
    expect(new Set(rows.filter((r) => r.lastActivityAt === null).map((r) => r.externalUserId))).toEqual(neverIds);

    // Values as Miro sent them.
    const sample = members[42]!;
    const mine = rows.find((r) => r.externalUserId === sample.id)!;
    expect(mine).toMatchObject({ userPrincipalName: sample.email, subscriptionIdentifier: sample.license, active: sample.active, role: sample.role });
    if (sample.lastActivityAt) expect(mine.lastActivityAt?.toISOString().slice(0, 19)).toBe(sample.lastActivityAt.slice(0, 19));
    if (sample.licenseAssignedAt) expect(mine.subscriptionAssignedAt?.toISOString().slice(0, 19)).toBe(sample.licenseAssignedAt.slice(0, 19));

    // Paid identifiers carry the model Publish created; nothing is unrecognized.
    const models = new Map((await t.db.select().from(softwareModels)).map((m) => [m.id, m.edition]));
    for (const r of rows) {
      if (["free", "free_restricted"].includes(r.subscriptionIdentifier)) expect(r.softwareModelId).toBeNull();
      else expect(models.get(r.softwareModelId!)).toBeTruthy();
    }
    expect(summary!.unrecognizedIdentifiers).toBe(2);
    const unrecognized = await t.db.select().from(unrecognizedSubscriptionIdentifiers).where(eq(unrecognizedSubscriptionIdentifiers.profileId, profileId));
    expect(Object.fromEntries(unrecognized.map((u) => [u.identifier, u.subscriptionCount]))).toEqual({
      free: state.counts.byLicense.free,
      free_restricted: state.counts.byLicense.free_restricted,
    });

    // Users: 1,500 by email whatever the case, 100 by user name, the rest without user.
    expect(summary!.usersResolved).toBe(1600);
    expect(rows.filter((r) => r.directoryUserId !== null)).toHaveLength(1600);

    // The job result holds the counters; progress went page by page; the job's last run is stamped.
    expect(row).toMatchObject({
      state: "completed",
      pages: 20,
      membersRead: MEMBERS,
      totalExpected: null,
      subscriptionsCreated: MEMBERS,
      subscriptionsUpdated: 0,
      subscriptionsUnchanged: 0,
      subscriptionsRemoved: 0,
      subscriptionsExcluded: free,
      unrecognizedIdentifiers: 2,
      httpRetries: 0,
      rateLimited: 0,
    });
    // Progress after every write: increasing, by whole pages, up to the organization.
    const reading = progress.filter((p) => p.phase === "reading").map((p) => p.membersRead);
    expect(reading.at(-1)).toBe(MEMBERS);
    expect(reading.every((n, i) => n % 100 === 0 && (i === 0 || n > reading[i - 1]!))).toBe(true);
    expect(progress.at(-1)?.phase).toBe("finishing");
    const [job] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobId));
    expect(job!.lastRunAt?.getTime()).toBe(row.startedAt?.getTime());
  });

  it("re-run with nothing changed: no write, every member unchanged", async () => {
    const before = await current();
    const { summary, row } = await run();
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: MEMBERS, removed: 0, usersResolved: 0 });
    expect(row).toMatchObject({ subscriptionsCreated: 0, subscriptionsUpdated: 0, subscriptionsUnchanged: MEMBERS });
    const after = await current();
    const updatedAt = new Map(before.map((r) => [r.id, r.updatedAt.getTime()]));
    expect(after.every((r) => updatedAt.get(r.id) === r.updatedAt.getTime())).toBe(true);
    await expectConverged();
  });

  it("5 % of members changed at Miro: exactly those are updated", async () => {
    const members = await simMembers();
    const changed = members.filter((_, i) => i % 20 === 7);
    for (const [i, m] of changed.entries()) {
      // Three kinds of change: recent activity, (de)activation, activity forgotten (or, for a member
      // never active, activity two days ago).
      const update = i % 3 === 0 ? { lastActivityDaysAgo: 0.5 } : i % 3 === 1 ? { active: !m.active } : m.lastActivityAt ? { lastActivityAt: null } : { lastActivityDaysAgo: 2 };
      await control("POST", `/members/${m.id}`, update);
    }
    const { summary } = await run();
    expect(summary).toMatchObject({ created: 0, updated: changed.length, unchanged: MEMBERS - changed.length, removed: 0 });
    const rows = new Map((await current()).map((r) => [r.externalUserId, r]));
    const after = new Map((await simMembers()).map((m) => [m.id, m]));
    for (const m of changed) {
      const r = rows.get(m.id)!;
      const now = after.get(m.id)!;
      expect(r.active).toBe(now.active);
      expect(r.lastActivityAt?.toISOString().slice(0, 19) ?? null).toBe(now.lastActivityAt?.slice(0, 19) ?? null);
    }
  });

  it("members removed at Miro are marked removed after the run; one who comes back is revived", async () => {
    const members = await simMembers();
    const gone = [members[3]!, members[777]!, members[1999]!];
    for (const m of gone) await control("DELETE", `/members/${m.id}`);
    const { summary, row } = await run();
    expect(summary).toMatchObject({ removed: 3, created: 0, updated: 0, membersRead: MEMBERS - 3 });
    expect(row.subscriptionsRemoved).toBe(3);
    const removed = await t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), isNotNull(softwareSubscriptions.removedAt)));
    expect(removed.map((r) => r.externalUserId).sort()).toEqual(gone.map((m) => m.id).sort());
    expect(removed.every((r) => r.removalReason === "vendor_removed")).toBe(true);
    await expectConverged();

    const back = gone[1]!;
    await control("POST", "/members", { id: back.id, email: back.email, license: back.license, active: back.active, role: back.role });
    const again = await run();
    expect(again.summary).toMatchObject({ created: 0, updated: 1, removed: 0 });
    const [revived] = await t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), eq(softwareSubscriptions.externalUserId, back.id)));
    expect(revived).toMatchObject({ removedAt: null, removalReason: null });
    expect(await removedCount()).toBe(2);
    await expectConverged();
  });

  it("two attempts of one run interleaved: the replaced one can neither clear the other's marks, overwrite its counts, nor sweep", async () => {
    await run();
    const A = randomUUID();
    const B = randomUUID();
    const [created] = await t.db
      .insert(jobResults)
      .values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date(), details: { engine: { attempt: 1, token: A } } })
      .returning({ id: jobResults.id });
    const jobResultId = created!.id;
    const gate = () => {
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      let reached = () => {};
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      return { open, opened, reached, arrived };
    };
    const pauseA = gate();
    const pauseB = gate();
    const stopA = new AbortController();
    let aPages = 0;
    const attemptA = runDownload(
      t.db,
      {
        profileId,
        jobResultId,
        attemptToken: A,
        signal: stopA.signal,
        onProgress: async () => {
          if (++aPages === 1) {
            pauseA.reached();
            await pauseA.opened;
          }
        },
      },
      { ...deps, ...stepwise },
    ).catch((e: unknown) => e);
    await pauseA.arrived;
    // A change on page 1 now (A has read it): B's page 1 is compared member by member and leaves marks.
    const listedNow = await simMembers();
    const onPageOne = listedNow.slice(1, 100).find((m) => m.role === "organization_internal_user")!;
    await control("POST", `/members/${onPageOne.id}`, { active: !onPageOne.active });
    // And one member leaves, so that B must sweep.
    await control("DELETE", `/members/${listedNow[500]!.id}`);
    // The stale-run sweep gave A up and the engine started attempt B on the same run.
    await t.db.update(jobResults).set({ details: { engine: { attempt: 2, token: B } } }).where(eq(jobResults.id, jobResultId));
    let bPages = 0;
    const attemptB = runDownload(
      t.db,
      {
        profileId,
        jobResultId,
        attemptToken: B,
        onProgress: async () => {
          if (++bPages === 1) {
            pauseB.reached();
            await pauseB.opened;
          }
        },
      },
      { ...deps, ...stepwise },
    );
    await pauseB.arrived;
    // A fails now (its worker comes back and is told to stop): its clean-up runs while B is mid-run.
    stopA.abort(new Error("attempt stopped: superseded"));
    pauseA.open();
    expect(await attemptA).toBeInstanceOf(Error);
    pauseB.open();
    const summary = await attemptB.finally(() => t.db.update(jobResults).set({ state: "completed", endedAt: new Date() }).where(eq(jobResults.id, jobResultId)));
    const listed = (await simState()).counts.members;
    expect(summary).toMatchObject({ removed: 1, membersRead: listed, updated: 1 });
    expect(await jobResultRow(t.db, jobResultId)).toMatchObject({ membersRead: listed, subscriptionsUpdated: 1, subscriptionsRemoved: 1 });
    await expectConverged();
  });

  it("a replaced attempt that reaches its sweep removes nothing", async () => {
    const [created] = await t.db
      .insert(jobResults)
      .values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date(), details: { engine: { attempt: 2, token: randomUUID() } } })
      .returning({ id: jobResults.id });
    const gone = (await simMembers())[10]!;
    await control("DELETE", `/members/${gone.id}`);
    // This attempt's token is not the run's any more: everything it would write is refused.
    const removedBefore = await removedCount();
    const outcome = await runDownload(t.db, { profileId, jobResultId: created!.id, attemptToken: randomUUID() }, deps)
      .catch((e: unknown) => e)
      .finally(() => t.db.update(jobResults).set({ state: "failed", endedAt: new Date() }).where(eq(jobResults.id, created!.id)));
    expect(outcome).toBeInstanceOf(Error);
    expect(await removedCount()).toBe(removedBefore);
    await control("POST", "/members", { id: gone.id, email: gone.email, license: gone.license, active: gone.active, role: gone.role });
  });

  describe("a listing cut short (removal guard)", () => {
    const asListed = (m: SimMember) => ({
      id: m.id,
      email: m.email,
      active: m.active,
      role: m.role,
      license: m.license,
      ...(m.lastActivityAt ? { lastActivityAt: m.lastActivityAt } : {}),
      ...(m.licenseAssignedAt ? { licenseAssignedAt: m.licenseAssignedAt } : {}),
      type: "organization-member",
    });

    it("one member and no cursor where there were 2,000: nothing removed, the run says why; Confirm removals removes them", async () => {
      const before = (await current()).length;
      const [first] = await simMembers();
      await fault({ status: 200, body: { type: "cursor-list", limit: 100, size: 1, data: [asListed(first!)] } });
      const { summary, error, row } = await run();
      expect(error).toBeUndefined();
      expect(summary).toMatchObject({ membersRead: 1, removed: 0 });
      expect(summary!.warning).toContain(`Marking the ${(before - 1).toLocaleString("en-US")} subscriptions it did not see as removed`);
      expect(summary!.warning).toContain("nothing was removed");
      expect(await current()).toHaveLength(before);
      // What the job engine does with the run's warning (lib/jobs/handlers/download-subscriptions.ts).
      await t.db.update(jobResults).set({ state: "completed_with_warnings", warningText: summary!.warning }).where(eq(jobResults.id, row.id));

      const user = personActor({ id: integrator.id, email: integrator.email, roles: ["sam_user"] });
      await expect(confirmRemovals({ db: t.db, actor: user }, { jobResultId: row.id })).rejects.toMatchObject({ code: "forbidden" });
      expect(await current()).toHaveLength(before);
      const confirmed = await confirmRemovals({ db: t.db, actor: personActor({ ...integrator, roles: ["sam_integrator"] }) }, { jobResultId: row.id });
      expect(confirmed.removed).toBe(before - 1);
      expect(await current()).toHaveLength(1);
      await expect(confirmRemovals({ db: t.db, actor: personActor({ ...integrator, roles: ["sam_integrator"] }) }, { jobResultId: row.id })).rejects.toMatchObject({ code: "conflict" });
      const after = await jobResultRow(t.db, row.id);
      expect(after).toMatchObject({ subscriptionsRemoved: before - 1 });
      expect(after.warningText).toContain("Removals confirmed");

      // The next full listing brings every member back.
      const again = await run();
      expect(again.summary).toMatchObject({ updated: before - 1, removed: 0 });
      expect(again.summary!.warning).toBeUndefined();
      await expectConverged();
    });

    it("an empty page that still carries a cursor ends the listing early: held back, and a later run supersedes it", async () => {
      const before = (await current()).length;
      // Page 1 as Miro sends it, then an empty page 2 that still names a cursor: the listing stops there.
      const firstPage = (await simMembers()).slice(0, 100);
      await fault({ status: 200, count: 1, body: { type: "cursor-list", limit: 100, size: 100, data: firstPage.map(asListed), cursor: firstPage.at(-1)!.id } });
      await fault({ status: 200, count: 1, body: { type: "cursor-list", limit: 100, size: 0, data: [], cursor: firstPage.at(-1)!.id } });
      const { summary, row } = await run({ deps: stepwise });
      expect(summary).toMatchObject({ removed: 0 });
      expect(summary!.warning).toBeDefined();
      expect(await current()).toHaveLength(before);
      await t.db.update(jobResults).set({ state: "completed_with_warnings", warningText: summary!.warning }).where(eq(jobResults.id, row.id));
      await run();
      await expectConverged();
      await expect(confirmRemovals({ db: t.db, actor: personActor({ ...integrator, roles: ["sam_integrator"] }) }, { jobResultId: row.id })).rejects.toMatchObject({
        code: "conflict",
      });
    });
  });

  describe("faults", () => {
    it("429 storm with Retry-After: waits as told, counts the 429s, completes", async () => {
      await fault({ status: 429, count: 3, headers: { "retry-after": "7" } });
      const { summary, row } = await run();
      expect(summary).toMatchObject({ rateLimited: 3, httpRetries: 3, created: 0, updated: 0 });
      expect(row).toMatchObject({ state: "completed", rateLimited: 3, httpRetries: 3 });
      expect(waits.filter((w) => w >= 7000 && w < 8000)).toHaveLength(3);
    });

    it("429 with only X-RateLimit-Reset waits until the reset; without any header about 60 s", async () => {
      const reset = Math.ceil(Date.now() / 1000) + 30;
      await fault({ status: 429, count: 1, headers: { "x-ratelimit-limit": "100000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } });
      await fault({ status: 429, count: 1 });
      const { summary } = await run();
      expect(summary).toMatchObject({ rateLimited: 2, httpRetries: 2 });
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeGreaterThan(27_000);
      expect(waits[0]).toBeLessThan(32_000);
      expect(waits[1]).toBeGreaterThanOrEqual(60_000);
      expect(waits[1]).toBeLessThan(66_000);
    });

    it("500 on page 7 that persists: the run fails with the sentence and removes nothing", async () => {
      const victims = (await simMembers()).slice(10, 12);
      for (const m of victims) await control("DELETE", `/members/${m.id}`);
      const removedBefore = await removedCount();
      const { error, row } = await run({
        onProgress: async (p) => {
          // Page 6 is on its way while page 5 is written: the next request is page 7's.
          if (p.phase === "reading" && p.pages === 5) await fault({ status: 500, always: true });
        },
        deps: stepwise,
      });
      expect(error).toBeInstanceOf(DownloadError);
      expect(error!.message).toBe("Miro kept answering 500 on page 7 after 5 attempts; nothing was removed. The next run will retry.");
      expect((error as DownloadError).retryable).toBe(true);
      expect(row).toMatchObject({ state: "failed", pages: 6, membersRead: 600, httpRetries: 4, subscriptionsRemoved: 0 });
      expect(await removedCount()).toBe(removedBefore);
      expect(await t.db.select().from(downloadSeenMembers)).toHaveLength(0);
      // Backoff grows: 1 s, 2 s, 4 s, 8 s (+ up to 10 % jitter).
      expect(waits.map((w) => Math.floor(w / 1000))).toEqual([1, 2, 4, 8]);

      await control("DELETE", "/faults");
      const next = await run();
      expect(next.summary).toMatchObject({ removed: 2 });
      await expectConverged();
    });

    it("500 twice on page 7, then an answer: retried and completed", async () => {
      const { summary } = await run({
        onProgress: async (p) => {
          if (p.phase === "reading" && p.pages === 5) await fault({ status: 500, count: 2 });
        },
        deps: stepwise,
      });
      expect(summary).toMatchObject({ httpRetries: 2, rateLimited: 0, created: 0, updated: 0 });
      await expectConverged();
    });

    it("malformed and cut-off JSON are retried like a 5xx", async () => {
      await fault({ malformed: true, count: 2 });
      await fault({ truncate: true, count: 1 });
      const { summary } = await run();
      expect(summary).toMatchObject({ httpRetries: 3, rateLimited: 0 });
      await expectConverged();
    });

    it("malformed JSON that persists fails the run with words and removes nothing", async () => {
      const removedBefore = await removedCount();
      await control("DELETE", `/members/${(await simMembers())[20]!.id}`);
      const { error } = await run({
        onProgress: async (p) => {
          if (p.pages === 2) await fault({ malformed: true, always: true });
        },
        deps: stepwise,
      });
      expect(error!.message).toBe("Miro kept sending an unreadable answer (invalid or cut-off JSON) for page 4 after 5 attempts; nothing was removed. The next run will retry.");
      expect(await removedCount()).toBe(removedBefore);
    });

    it("a token that expires mid-run is renewed once and the run completes", async () => {
      await control("DELETE", "/requests");
      let advanced = false;
      const { summary, error } = await run({
        onProgress: async (p) => {
          // Miro's clock passes the token's hour; OpenSAM's does not, so only the 401 tells.
          if (p.phase === "reading" && p.pages >= 5 && !advanced) {
            advanced = true;
            await control("POST", "/clock", { advanceMs: HOUR + 1000 });
          }
        },
        // Page by page: with the default read-ahead, every page could be in before page 5 is written.
        deps: stepwise,
      });
      expect(error).toBeUndefined();
      expect(summary).toMatchObject({ httpRetries: 1, rateLimited: 0 });
      const log = await control<LoggedRequest[]>("GET", "/requests?path=/");
      const refreshes = log.filter((r) => r.path === "/v1/oauth/token" && r.body?.grant_type === "refresh_token");
      expect(refreshes).toHaveLength(1);
      expect(log.filter((r) => r.status === 401)).toHaveLength(1);
      await expectConverged();
    });

    it("a token refused again after the refresh fails the run with what to do", async () => {
      const removedBefore = await removedCount();
      await control("DELETE", `/members/${(await simMembers())[30]!.id}`);
      await fault({ status: 401, count: 2 });
      const { error, row } = await run();
      expect(error!.message).toBe(
        `Miro refused the OAuth token (HTTP 401) even after a refresh: run Create and Get OAuth Token again on ${DOWNLOAD}. Nothing was removed.`,
      );
      expect((error as DownloadError).retryable).toBe(false);
      expect(row).toMatchObject({ state: "failed", pages: 0 });
      expect(await removedCount()).toBe(removedBefore);
    });

    it("after the faults, the next run converges to Miro's state with no duplicates", async () => {
      // The member deleted before the refused run (the one before it was swept by the run after).
      const { summary } = await run();
      expect(summary!.removed).toBe(1);
      await expectConverged();
    });

    it("502 on a middle page, then an answer: retried and completed", async () => {
      const { summary } = await run({
        onProgress: async (p) => {
          if (p.phase === "reading" && p.pages === 5) await fault({ status: 502, count: 1, body: "<html>Bad Gateway</html>" });
        },
        deps: stepwise,
      });
      expect(summary).toMatchObject({ httpRetries: 1, created: 0, updated: 0, removed: 0 });
      await expectConverged();
    });

    it("a request that hangs is given up after the timeout and retried; one that always hangs fails the run with words", async () => {
      const impatient = createMiroAdapter({ apiBaseUrl: sim.url, authorizeBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim`, timeoutMs: 300 });
      await fault({ delayMs: 5_000, count: 1 });
      const once = await run({ deps: { adapter: impatient } });
      expect(once.error).toBeUndefined();
      expect(once.summary).toMatchObject({ httpRetries: 1, removed: 0 });

      const removedBefore = await removedCount();
      await fault({ delayMs: 5_000, always: true });
      const { error, row } = await run({ deps: { adapter: impatient } });
      expect(error!.message).toMatch(
        /^Miro could not be reached for page 1 after 5 attempts \(GET http:\/\/127\.0\.0\.1:\d+\/v2\/orgs\/\d+\/members did not answer within 300 ms\); nothing was removed\. The next run will retry\.$/,
      );
      expect(row).toMatchObject({ state: "failed", subscriptionsRemoved: 0 });
      expect(await removedCount()).toBe(removedBefore);
      await control("DELETE", "/faults");
      await expectConverged();
    }, 30_000);

    it("the database connections are cut mid-run (as by a PostgreSQL restart): the run fails, nothing is removed, the next run converges", async () => {
      if (engine !== "postgres") return expect(engine).toBe("pglite"); // PGlite runs in the process: nothing to cut.
      expect((await run()).error).toBeUndefined();
      const victim = (await simMembers())[40]!;
      await control("DELETE", `/members/${victim.id}`);
      const removedBefore = await removedCount();
      const { error } = await run({
        onProgress: async (p) => {
          if (p.phase === "reading" && p.pages === 5) {
            await t.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
          }
        },
        deps: stepwise,
      });
      expect(error).toBeDefined();
      // As after a restart, each pooled connection fails once before it reconnects (the job engine
      // retries the run); use them all up before going on.
      for (let clean = 0, round = 0; clean < 2; round++) {
        expect(round, "the pool reconnects").toBeLessThan(50);
        const answers = await Promise.allSettled(Array.from({ length: 12 }, () => t.db.execute(sql`select pg_sleep(0.01)`)));
        clean = answers.some((a) => a.status === "rejected") ? 0 : clean + 1;
      }
      expect(await removedCount()).toBe(removedBefore);
      const next = await run();
      expect(next.error).toBeUndefined();
      expect(next.summary).toMatchObject({ removed: 1 });
      await expectConverged();
    }, 60_000);

    it("the app uninstalled at Miro mid-run (tokens revoked): the refresh is refused, the run fails with what to do, nothing is removed", async () => {
      const removedBefore = await removedCount();
      await control("DELETE", `/members/${(await simMembers())[60]!.id}`);
      const installation = (await control<{ clientId: string; teamId: string }[]>("GET", "/installations"))[0]!;
      const { error, row } = await run({
        onProgress: async (p) => {
          if (p.phase === "reading" && p.pages === 3) await control("DELETE", "/installations", { clientId: installation.clientId, teamId: installation.teamId });
        },
        deps: stepwise,
      });
      expect(error!.message).toBe(
        'Miro refused to renew the OAuth token: "Invalid refresh token". The refresh token was revoked, expired or already used. Run Create and Get OAuth Token again on the connection to reconnect. Nothing was removed.',
      );
      expect((error as DownloadError).retryable).toBe(false);
      expect(row).toMatchObject({ state: "failed", subscriptionsRemoved: 0 });
      expect(await removedCount()).toBe(removedBefore);
      // Consent again: the next run completes and removes the member it did not see before.
      await connectOAuth();
      const next = await run();
      expect(next.summary).toMatchObject({ removed: 1 });
      await expectConverged();
    });
  });

  it("a vendor that lists members out of order, or twice, still converges", async () => {
    const gone = (await simMembers())[50]!;
    await control("DELETE", `/members/${gone.id}`);
    const miro = createMiroAdapter({ apiBaseUrl: sim.url, authorizeBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim` });
    let previousLast: MiroMember | undefined;
    const shuffled: typeof miro = {
      ...miro,
      download: {
        ...miro.download,
        async readPage(token, settings, cursor) {
          const read = await miro.download.readPage(token, settings, cursor);
          // Each page backwards, led by the previous page's last member again.
          const members = [...(previousLast ? [previousLast] : []), ...[...read.members].reverse()];
          previousLast = read.members.at(-1);
          return { ...read, members };
        },
      },
    };
    const listed = (await simState()).counts.members;
    const { summary, error } = await run({ deps: { adapter: shuffled } });
    expect(error).toBeUndefined();
    // Every member once, plus one repeat per page after the first.
    expect(summary).toMatchObject({ created: 0, updated: 0, removed: 1, membersRead: listed + summary!.pages - 1 });
    await expectConverged();
  });

  it("a stopped run (engine shutdown) removes nothing", async () => {
    await control("DELETE", `/members/${(await simMembers())[40]!.id}`);
    const removedBefore = await removedCount();
    const controller = new AbortController();
    const stop = new Error("attempt stopped: shutdown");
    const { error } = await run({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.pages >= 3) controller.abort(stop);
      },
    });
    expect(error).toBe(stop);
    expect(await removedCount()).toBe(removedBefore);
    await run();
    await expectConverged();
  });

  it("a license Miro invents later is kept, counted as unrecognized, and mapping it updates its subscriptions", async () => {
    const members = await simMembers();
    const target = members.filter((m) => m.license === "full").slice(0, 3);
    for (const m of target) sim.state.getMember(m.id)!.license = "team_plus" as never;
    const { summary, error } = await run();
    expect(error).toBeUndefined();
    const counts = (await simState()).counts.byLicense;
    expect(summary).toMatchObject({ updated: 3, unrecognizedIdentifiers: 3, unrecognizedSubscriptions: 3 + counts.free! + counts.free_restricted! });
    const rows = (await current()).filter((r) => r.subscriptionIdentifier === "team_plus");
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.softwareModelId === null && !r.excluded)).toBe(true);
    const [open] = await t.db
      .select()
      .from(unrecognizedSubscriptionIdentifiers)
      .where(and(eq(unrecognizedSubscriptionIdentifiers.profileId, profileId), eq(unrecognizedSubscriptionIdentifiers.identifier, "team_plus")));
    expect(open).toMatchObject({ subscriptionCount: 3, resolvedAt: null });

    // A sam_admin maps it (the UI writes the map entry and calls applyIdentifierMapping in one transaction).
    const [model] = await t.db.insert(softwareModels).values({ displayName: `Miro Enterprise — Team Plus (${engine})`, publisher: "Miro", product: "Miro Enterprise", edition: "Team Plus", source: "custom" }).returning();
    const { updated } = await t.db.transaction(async (tx) => {
      await tx.insert(subscriptionIdentifiers).values({ profileType: "miro_enterprise_subscription", identifier: "team_plus", softwareModelId: model!.id });
      return applyIdentifierMapping(tx, { profileType: "miro_enterprise_subscription", identifier: "team_plus", softwareModelId: model!.id, resolvedBy: integrator.id });
    });
    expect(updated).toBe(3);
    expect((await current()).filter((r) => r.softwareModelId === model!.id)).toHaveLength(3);
    const [resolved] = await t.db.select().from(unrecognizedSubscriptionIdentifiers).where(eq(unrecognizedSubscriptionIdentifiers.id, open!.id));
    expect(resolved).toMatchObject({ resolvedModelId: model!.id, resolvedBy: integrator.id });
    expect(resolved!.resolvedAt).toBeInstanceOf(Date);

    // The next run agrees with the mapping: nothing to write, nothing reopened.
    const next = await run();
    expect(next.summary).toMatchObject({ updated: 0, created: 0, unrecognizedIdentifiers: 2 });
    const [still] = await t.db.select().from(unrecognizedSubscriptionIdentifiers).where(eq(unrecognizedSubscriptionIdentifiers.id, open!.id));
    expect(still!.resolvedAt).toBeInstanceOf(Date);
  });

  it("a user exclusion rule excludes that person at once, and the next run agrees", async () => {
    const person = (await current()).find((r) => !r.excluded)!;
    const [rule] = await t.db.insert(subscriptionUserExclusionRules).values({ userPrincipalName: `  ${person.userPrincipalName.toUpperCase()} `, reason: "CEO" }).returning();
    expect(await reapplyExclusions(t.db, { profileId })).toEqual({ changed: 1 });
    const [now] = await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.id, person.id));
    expect(now).toMatchObject({ excluded: true, userExclusionRuleId: rule!.id, identifierExclusionRuleId: null });
    const { summary } = await run();
    expect(summary).toMatchObject({ updated: 0, created: 0 });

    // Deactivating the free rule while the next run reads: the run re-marks at its end.
    const { error, summary: during } = await run({
      deps: fivePerWrite,
      onProgress: async (p) => {
        if (p.pages >= 10 && p.pages < 15) {
          await t.db.update(subscriptionIdentifierExclusionRules).set({ active: false, updatedAt: new Date() }).where(eq(subscriptionIdentifierExclusionRules.identifier, "free"));
        }
      },
    });
    expect(error).toBeUndefined();
    const rows = await current();
    expect(rows.filter((r) => r.subscriptionIdentifier === "free").every((r) => !r.excluded && r.identifierExclusionRuleId === null)).toBe(true);
    expect(during!.excluded).toBe(rows.filter((r) => r.excluded).length);
    await t.db.update(subscriptionIdentifierExclusionRules).set({ active: true, updatedAt: new Date() }).where(eq(subscriptionIdentifierExclusionRules.identifier, "free"));
    await reapplyExclusions(t.db, { profileType: "miro_enterprise_subscription" });
  });

  it("a manually chosen user is kept by later runs", async () => {
    const row = (await current()).find((r) => r.directoryUserId === null)!;
    const [chosen] = await t.db.insert(directoryUsers).values({ name: "Chosen by hand" }).returning();
    await t.db.update(softwareSubscriptions).set({ directoryUserId: chosen!.id, userSetManually: true }).where(eq(softwareSubscriptions.id, row.id));
    // Even a directory entry matching the email does not replace it.
    await t.db.insert(directoryUsers).values({ name: "Same email", email: row.userPrincipalName });
    await control("POST", `/members/${row.externalUserId}`, { lastActivityDaysAgo: 0.1 });
    const { summary } = await run();
    expect(summary!.updated).toBe(1);
    const [after] = await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.id, row.id));
    expect(after).toMatchObject({ directoryUserId: chosen!.id, userSetManually: true });
  });

  it("progress reaches the job result while the run reads", async () => {
    let seen: { pages: number; membersRead: number } | undefined;
    const { summary } = await run({
      deps: fivePerWrite,
      onProgress: async (p) => {
        if (p.pages >= 12 && !seen) {
          const [running] = await t.db.select().from(jobResults).where(and(eq(jobResults.profileId, profileId), eq(jobResults.state, "running")));
          const row = await jobResultRow(t.db, running!.id);
          seen = { pages: row.pages, membersRead: row.membersRead };
        }
      },
    });
    expect(summary).toBeDefined();
    // Written about once a second (here: every write), so the row is at most one write behind.
    expect(seen!.pages).toBeGreaterThan(0);
    expect(seen!.membersRead).toBe(seen!.pages * 100);
  });

  it("a profile that was never validated fails with what to do first", async () => {
    const [profile] = await t.db.select().from(integrationProfiles).where(eq(integrationProfiles.id, profileId));
    await t.db.update(integrationProfiles).set({ settings: {} }).where(eq(integrationProfiles.id, profileId));
    try {
      const { error } = await run();
      expect(error).toBeInstanceOf(DownloadError);
      expect(error!.message).toBe(
        `Miro ${engine} does not know its Miro organization yet: run Validate Connection on the profile first (it reads the organization from the token), then publish it.`,
      );
      expect((error as DownloadError).retryable).toBe(false);
    } finally {
      await t.db.update(integrationProfiles).set({ settings: profile!.settings }).where(eq(integrationProfiles.id, profileId));
    }
  });
});
