import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobActor } from "@/lib/auth/actor";
import {
  entitlements,
  reclamationRules,
  removalCandidateEvents,
  removalCandidates,
  scheduledJobs,
  softwareSubscriptions,
} from "@/lib/db/schema";
import { resultRows } from "@/lib/db/driver";
import { generateCandidates } from "@/lib/services/reclamation/generate-candidates";
import { updateExistingCandidates } from "@/lib/services/reclamation/update-existing";
import { ensureWorkspaceJobs } from "@/lib/jobs/workspace-jobs";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { countRows, DAY, insertSubscriptions, seedModel, seedProfile } from "./lists-fixtures";

const NOW = new Date("2026-12-04T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const JOB = jobActor("reclamation-test", null, "Test job");

describe.each(ENGINES)("candidate generation (%s)", (engine) => {
  let t: TestDb;
  let profileId: string;
  let modelId: string;
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    const profile = await seedProfile(t.db, "Miro Enterprise");
    profileId = profile.id;
    const model = await seedModel(t.db, "Miro Enterprise Business", "business");
    modelId = model.id;
    const [rule] = await t.db.insert(reclamationRules).values({ name: "Miro — unused 60 days", softwareModelId: modelId, profileId }).returning();
    ruleId = rule!.id;
    await t.db.insert(entitlements).values({ softwareModelId: modelId, purchasedRights: 10, unitCost: "10.00", currency: "EUR", subscriptionPeriod: "monthly" });
    const base = { profileId, subscriptionIdentifier: "business", softwareModelId: modelId };
    await insertSubscriptions(t.db, [
      { ...base, externalUserId: "1", userPrincipalName: "idle@example.com", lastActivityAt: ago(143), subscriptionAssignedAt: ago(400) },
      { ...base, externalUserId: "2", userPrincipalName: "busy@example.com", lastActivityAt: ago(3), subscriptionAssignedAt: ago(400) },
      { ...base, externalUserId: "3", userPrincipalName: "never@example.com", lastActivityAt: null, subscriptionAssignedAt: ago(90) },
      { ...base, externalUserId: "4", userPrincipalName: "new@example.com", lastActivityAt: null, subscriptionAssignedAt: ago(20) },
      { ...base, externalUserId: "5", userPrincipalName: "excluded@example.com", lastActivityAt: ago(200), subscriptionAssignedAt: ago(400), excluded: true },
      { ...base, externalUserId: "6", userPrincipalName: "inactive@example.com", lastActivityAt: ago(200), subscriptionAssignedAt: ago(400), active: false },
      { ...base, externalUserId: "7", userPrincipalName: "gone@example.com", lastActivityAt: ago(200), subscriptionAssignedAt: ago(400), removedAt: ago(1), removalReason: "vendor_removed" },
      // Recently assigned but inactive before that (a reassigned seat): the grace period protects it.
      { ...base, externalUserId: "8", userPrincipalName: "reassigned@example.com", lastActivityAt: ago(300), subscriptionAssignedAt: ago(10) },
    ]);
  }, 60_000);
  afterAll(() => t?.dispose());

  const open = async () =>
    t.db.select().from(removalCandidates).where(sql`${removalCandidates.closedAt} is null`).orderBy(removalCandidates.userPrincipalName);

  it("makes a Low Usage candidate only of the inactive, non-excluded subscriptions outside the grace period, with the reason in words", async () => {
    const outcome = await generateCandidates(t.db, JOB, { profileId, now: NOW });
    expect(outcome).toEqual({ created: 2, canceled: 0, skipped: 0 });
    const rows = await open();
    expect(rows.map((r) => r.userPrincipalName)).toEqual(["idle@example.com", "never@example.com"]);
    const idle = rows[0]!;
    expect(idle.number).toMatch(/^RCC\d{7}$/);
    expect(idle.state).toBe("ready");
    expect(idle.inactiveDays).toBe(143);
    expect(idle.reason).toBe("No activity in Miro for 143 days (last active 2026-07-14, read not yet downloaded); rule threshold 60 days");
    // A year of a monthly entitlement of 10.00.
    expect(idle.potentialSavings).toBe("120.00");
    expect(idle.currency).toBe("EUR");
    expect(idle.evidence.thresholdDays).toBe(60);
    // Never active: counts from its assignment date.
    expect(rows[1]!.inactiveDays).toBe(90);
    expect(rows[1]!.reason).toContain("Never active in Miro since the license was assigned 90 days ago (assigned 2026-09-05");
    const events = await t.db.select().from(removalCandidateEvents).where(eq(removalCandidateEvents.candidateId, idle.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "created", toState: "ready", actorLabel: "Test job" });
  });

  it("writes nothing when run again with nothing changed (no number used up, no audit row)", async () => {
    const audits = await countRows(t.db, "audit_log");
    const events = await countRows(t.db, "removal_candidate_events");
    expect(await generateCandidates(t.db, JOB, { profileId, now: NOW })).toEqual({ created: 0, canceled: 0, skipped: 0 });
    expect(await countRows(t.db, "audit_log")).toBe(audits);
    expect(await countRows(t.db, "removal_candidate_events")).toBe(events);
    const [seq] = resultRows(await t.db.execute(sql`select last_value::int as v from removal_candidate_number_seq`));
    expect(seq?.v).toBe(2);
  });

  it("closes an open candidate whose member became active (Closed Canceled) or excluded (Closed Skipped), with the reason", async () => {
    await t.db.update(softwareSubscriptions).set({ lastActivityAt: ago(1) }).where(eq(softwareSubscriptions.externalUserId, "1"));
    await t.db.update(softwareSubscriptions).set({ excluded: true }).where(eq(softwareSubscriptions.externalUserId, "3"));
    expect(await generateCandidates(t.db, JOB, { profileId, now: NOW })).toEqual({ created: 0, canceled: 1, skipped: 1 });
    const all = await t.db.select().from(removalCandidates).orderBy(removalCandidates.userPrincipalName);
    expect(all.map((c) => [c.userPrincipalName, c.state, c.closeReason])).toEqual([
      ["idle@example.com", "closed_canceled", "Activity detected on 2026-12-03"],
      ["never@example.com", "closed_skipped", "Excluded by a subscription exclusion rule since the candidate was made"],
    ]);
  });

  it("never has two open candidates for one subscription, and an inactive rule or a cleared box creates none", async () => {
    await t.db.update(softwareSubscriptions).set({ lastActivityAt: ago(100) }).where(eq(softwareSubscriptions.externalUserId, "1"));
    await t.db.update(reclamationRules).set({ createCandidates: false }).where(eq(reclamationRules.id, ruleId));
    expect((await generateCandidates(t.db, JOB, { profileId, now: NOW })).created).toBe(0);
    await t.db.update(reclamationRules).set({ createCandidates: true, active: false }).where(eq(reclamationRules.id, ruleId));
    expect((await generateCandidates(t.db, JOB, { profileId, now: NOW })).created).toBe(0);
    await t.db.update(reclamationRules).set({ active: true }).where(eq(reclamationRules.id, ruleId));
    const [a, b] = await Promise.all([
      generateCandidates(t.db, JOB, { profileId, now: NOW }),
      generateCandidates(t.db, JOB, { profileId, now: NOW }),
    ]);
    expect(a!.created + b!.created).toBe(1);
    expect((await open()).map((c) => c.userPrincipalName)).toEqual(["idle@example.com"]);
  });

  it("the weekly update closes candidates whose subscription the vendor no longer lists: Complete if Awaiting Revocation, else Skipped", async () => {
    const [open1] = await open();
    expect(open1).toBeDefined();
    // A second open candidate, in Awaiting Revocation, on another subscription (one never proposed:
    // "never", Closed Skipped earlier, is not proposed again within the threshold).
    await t.db.update(softwareSubscriptions).set({ active: true }).where(eq(softwareSubscriptions.externalUserId, "6"));
    await generateCandidates(t.db, JOB, { profileId, now: NOW });
    const [a, b] = await open();
    await t.db.update(removalCandidates).set({ state: "awaiting_revocation" }).where(eq(removalCandidates.id, b!.id));
    await t.db.update(softwareSubscriptions).set({ removedAt: NOW, removalReason: "vendor_removed" }).where(sql`${softwareSubscriptions.id} in (${a!.subscriptionId}, ${b!.subscriptionId})`);
    expect(await updateExistingCandidates(t.db, JOB, NOW)).toEqual({ completed: 1, skipped: 1 });
    const after = await t.db.select().from(removalCandidates).where(sql`${removalCandidates.id} in (${a!.id}, ${b!.id})`);
    expect(after.find((c) => c.id === b!.id)).toMatchObject({ state: "closed_complete", closeReason: "The vendor no longer lists this subscription (removed 2026-12-04)" });
    expect(after.find((c) => c.id === a!.id)).toMatchObject({ state: "closed_skipped" });
    expect(await updateExistingCandidates(t.db, JOB, NOW)).toEqual({ completed: 0, skipped: 0 });
  });

  it("a workspace job is created once however many workers start", async () => {
    await Promise.all([ensureWorkspaceJobs(t.db), ensureWorkspaceJobs(t.db)]);
    await ensureWorkspaceJobs(t.db);
    const jobs = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, "update_removal_candidates"));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "SAM - Updating Existing Reclamation Candidates", cron: "0 3 * * 0", profileId: null });
  });
});
