import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobActor } from "@/lib/auth/actor";
import { entitlements, reconciliationResults, reconciliationRuns, removalCandidates } from "@/lib/db/schema";
import { upcomingRenewals } from "@/lib/services/overview/renewals";
import { runReconciliation } from "@/lib/services/reconciliation/run-reconciliation";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { insertSubscriptions, seedModel, seedProfile } from "./lists-fixtures";

const NOW = new Date("2026-12-04T12:00:00Z");
const JOB = jobActor("test", null, "Test");

describe.each(ENGINES)("reconciliation (%s)", (engine) => {
  let t: TestDb;
  let full: string;
  let basic: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    const profile = await seedProfile(t.db, "Miro");
    full = (await seedModel(t.db, "Miro Enterprise — Full", "full")).id;
    basic = (await seedModel(t.db, "Miro Enterprise — Basic", "basic")).id;
    const sub = (i: number, model: string, extra: object = {}) => ({ profileId: profile.id, softwareModelId: model, subscriptionIdentifier: "x", externalUserId: `${model}-${i}`, userPrincipalName: `u${i}@x.example`, ...extra });
    await insertSubscriptions(t.db, [
      ...Array.from({ length: 130 }, (_, i) => sub(i, full)),
      // Excluded, inactive and removed subscriptions use no right.
      ...Array.from({ length: 5 }, (_, i) => sub(1000 + i, full, { excluded: true })),
      sub(2000, full, { active: false }),
      sub(2001, full, { removedAt: NOW, removalReason: "vendor_removed" }),
      ...Array.from({ length: 10 }, (_, i) => sub(i, basic)),
    ]);
    await t.db.insert(entitlements).values([
      { softwareModelId: full, purchasedRights: 60, unitCost: "12.00", currency: "EUR", subscriptionPeriod: "monthly", startDate: "2026-01-01" },
      // Two entitlements of one model add up.
      { softwareModelId: full, purchasedRights: 40, unitCost: "12.00", currency: "EUR", subscriptionPeriod: "monthly" },
      // Ignored: ended, in Build, not started yet.
      { softwareModelId: full, purchasedRights: 500, unitCost: "1.00", currency: "EUR", endDate: "2026-06-30", startDate: "2026-01-01" },
      { softwareModelId: full, purchasedRights: 500, unitCost: "1.00", currency: "EUR", state: "build" },
      { softwareModelId: full, purchasedRights: 500, unitCost: "1.00", currency: "EUR", startDate: "2027-01-01" },
    ]);
  }, 60_000);
  afterAll(() => t?.dispose());

  it("130 active of 100 owned at 12 a month: Not compliant, true-up 30 × 12; no entitlement: unlicensed, amounts unknown", async () => {
    const { runId, models, notCompliant } = await runReconciliation(t.db, JOB, { now: NOW });
    expect(models).toBe(2);
    expect(notCompliant).toBe(2);
    const rows = await t.db.select().from(reconciliationResults).where(eq(reconciliationResults.runId, runId));
    expect(rows.find((r) => r.softwareModelId === full)).toMatchObject({
      rightsOwned: 100,
      rightsUsed: 130,
      rightsAvailable: 0,
      unlicensedSubscriptions: 30,
      compliant: false,
      excludedSubscriptions: 5,
      unitCost: "12.00",
      trueUpCost: "360.00",
      overLicensedAmount: "0.00",
      currency: "EUR",
    });
    expect(rows.find((r) => r.softwareModelId === basic)).toMatchObject({ rightsOwned: 0, rightsUsed: 10, unlicensedSubscriptions: 10, unitCost: null, trueUpCost: null });
    const [run] = await t.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
    expect(run).toMatchObject({ state: "completed" });
  });

  it("40 reclaimed: Compliant, over-licensed 10 × 12, the actual savings counted", async () => {
    await t.db.execute(
      (await import("drizzle-orm")).sql`update software_subscriptions set active = false, removed_at = now(), removal_reason = 'reclaimed'
        where id in (select id from software_subscriptions where software_model_id = ${full} and not excluded and active and removed_at is null limit 40)`,
    );
    await t.db.insert(removalCandidates).values({ softwareModelId: full, userPrincipalName: "a@x.example", reason: "r", state: "closed_complete", closedAt: NOW, actualSavings: "144.00", potentialSavings: "144.00", currency: "EUR" });
    const { runId } = await runReconciliation(t.db, JOB, { now: NOW });
    const [row] = await t.db.select().from(reconciliationResults).where(eq(reconciliationResults.runId, runId)).then((r) => r.filter((x) => x.softwareModelId === full));
    expect(row).toMatchObject({ rightsUsed: 90, compliant: true, rightsAvailable: 10, overLicensedAmount: "120.00", trueUpCost: "0.00", actualSavings: "144.00" });
  });

  it("renewals: in-use entitlements ending within 120 days, their notice deadline and the seats that could go", async () => {
    const [soon] = await t.db
      .insert(entitlements)
      .values({ displayName: "Miro renewal 2027", softwareModelId: full, purchasedRights: 20, unitCost: "12.00", currency: "EUR", endDate: "2027-02-01", noticePeriodDays: 30 })
      .returning();
    await t.db.insert(entitlements).values([
      // Beyond the window, and ended already: not renewals.
      { softwareModelId: full, purchasedRights: 20, unitCost: "12.00", currency: "EUR", endDate: "2027-06-01" },
      { softwareModelId: basic, purchasedRights: 20, unitCost: "12.00", currency: "EUR", endDate: "2026-11-30" },
    ]);
    await t.db.insert(removalCandidates).values(
      [1, 2, 3].map((i) => ({ softwareModelId: full, userPrincipalName: `open${i}@x.example`, reason: "r", state: "ready" as const, currency: "EUR" })),
    );
    const renewals = await upcomingRenewals({ db: t.db, actor: JOB }, NOW);
    expect(renewals).toEqual([
      {
        entitlementId: soon!.id,
        name: "Miro renewal 2027",
        modelId: full,
        model: "Miro Enterprise — Full",
        endDate: "2027-02-01",
        noticeDeadline: "2027-01-02",
        noticeDaysLeft: 29,
        rights: 20,
        inUse: 90,
        openCandidates: 3,
        // 60 + 40 + 20 + 20 rights in use today against 90 used: 50 unused, capped at this entitlement's 20.
        droppable: 20,
      },
    ]);
  });
});
