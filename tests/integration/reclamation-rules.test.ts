import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personActor } from "@/lib/auth/actor";
import { auditLog, entitlements, reclamationRules, removalCandidates } from "@/lib/db/schema";
import { iterateReclamationRules, listReclamationRules } from "@/lib/services/reclamation/list-rules";
import { getReclamationRule, previewNotice, previewReclamationRule, updateReclamationRule } from "@/lib/services/reclamation/rules";
import { parseListParams } from "@/lib/table/list-spec";
import { reclamationRulesSpec } from "@/lib/lists/reclamation-rules-spec";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { countRows, DAY, insertSubscriptions, NOBODY, seedActor, seedModel, seedProfile, VIEWER } from "./lists-fixtures";

describe.each(ENGINES)("reclamation rules (%s)", (engine) => {
  let t: TestDb;
  let ruleId: string;
  let admin: ReturnType<typeof personActor>;
  const base = () => ({
    id: ruleId,
    name: "Miro Enterprise — Full — unused",
    active: true,
    lastActivityThresholdDays: 60,
    gracePeriodDays: 30,
    notifyUser: false,
    createCandidates: true,
  });

  beforeAll(async () => {
    t = await createTestDb(engine);
    admin = personActor(await seedActor(t.db, "admin@example.com", ["sam_admin"]));
    const profile = await seedProfile(t.db, "Miro");
    const model = await seedModel(t.db, "Miro Enterprise — Full", "full");
    const [rule] = await t.db.insert(reclamationRules).values({ name: "Rule", softwareModelId: model.id, profileId: profile.id }).returning();
    ruleId = rule!.id;
    const now = Date.now();
    await insertSubscriptions(
      t.db,
      [10, 45, 90, 200].map((days, i) => ({
        profileId: profile.id,
        softwareModelId: model.id,
        subscriptionIdentifier: "full",
        externalUserId: String(i),
        userPrincipalName: `p${i}@example.com`,
        lastActivityAt: new Date(now - days * DAY),
        subscriptionAssignedAt: new Date(now - 400 * DAY),
      })),
    );
  }, 60_000);
  afterAll(() => t?.dispose());

  it("refuses a sam_user's and a sam_integrator's save and a person without a role's reads, called directly, and changes nothing", async () => {
    const forbidden = { code: "forbidden" };
    const integrator = personActor(await seedActor(t.db, "integrator@example.com", ["sam_integrator"]));
    await expect(updateReclamationRule({ db: t.db, actor: VIEWER }, { ...base(), name: "Mine" })).rejects.toMatchObject(forbidden);
    await expect(updateReclamationRule({ db: t.db, actor: integrator }, { ...base(), name: "Mine" })).rejects.toMatchObject(forbidden);
    await expect(getReclamationRule({ db: t.db, actor: NOBODY }, { id: ruleId })).rejects.toMatchObject(forbidden);
    await expect(previewReclamationRule({ db: t.db, actor: NOBODY }, { id: ruleId, lastActivityThresholdDays: 30, gracePeriodDays: 0 })).rejects.toMatchObject(forbidden);
    await expect(listReclamationRules({ db: t.db, actor: NOBODY }, { params: parseListParams(reclamationRulesSpec, {}) })).rejects.toMatchObject(forbidden);
    expect(() => iterateReclamationRules({ db: t.db, actor: NOBODY }, { params: parseListParams(reclamationRulesSpec, {}) })).toThrow(expect.objectContaining(forbidden));
    expect((await getReclamationRule({ db: t.db, actor: VIEWER }, { id: ruleId }))?.rule.name).toBe("Rule");
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("checks the input field by field: Notify user without Days before auto-reclamation, out-of-range days, an empty name", async () => {
    const admin_ = { db: t.db, actor: admin };
    await expect(updateReclamationRule(admin_, { ...base(), notifyUser: true })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { daysBeforeAutoReclamation: [expect.stringMatching(/how many days the person has to answer/)] },
    });
    const bad = await updateReclamationRule(admin_, { ...base(), name: " ", lastActivityThresholdDays: 0, gracePeriodDays: 3651, notifyUser: true, daysBeforeAutoReclamation: 366 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "invalid_input" });
    expect(Object.keys((bad as { fieldErrors: object }).fieldErrors).sort()).toEqual(["daysBeforeAutoReclamation", "gracePeriodDays", "lastActivityThresholdDays", "name"]);
    await expect(previewReclamationRule(admin_, { id: ruleId, lastActivityThresholdDays: 0, gracePeriodDays: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    // An unknown rule is said so, by every verb.
    const unknown = "00000000-0000-4000-8000-0000000000ff";
    await expect(updateReclamationRule(admin_, { ...base(), id: unknown })).rejects.toMatchObject({ code: "not_found" });
    await expect(previewReclamationRule(admin_, { id: unknown, lastActivityThresholdDays: 30, gracePeriodDays: 0 })).rejects.toMatchObject({ code: "not_found" });
    expect(await getReclamationRule(admin_, { id: unknown })).toBeNull();
    expect(await getReclamationRule(admin_, { id: "not-a-uuid" })).toBeNull();
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("Preview lists who a threshold would flag and creates nothing; saving it creates exactly those, with an audit row", async () => {
    const preview = await previewReclamationRule({ db: t.db, actor: VIEWER }, { id: ruleId, lastActivityThresholdDays: 30, gracePeriodDays: 0 });
    expect(preview.count).toBe(3);
    expect(preview.rows.map((r) => r.userPrincipalName)).toEqual(["p3@example.com", "p2@example.com", "p1@example.com"]);
    expect(await countRows(t.db, "removal_candidates")).toBe(0);
    const { outcome } = await updateReclamationRule({ db: t.db, actor: admin }, { ...base(), lastActivityThresholdDays: 30 });
    expect(outcome).toEqual({ created: 3, canceled: 0, skipped: 0 });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "reclamation_rule.update"));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.before).toMatchObject({ lastActivityThresholdDays: 60 });
    expect(audits[0]!.after).toMatchObject({ lastActivityThresholdDays: 30 });
    // A higher threshold closes the candidates it no longer covers, with the reason.
    const raised = await updateReclamationRule({ db: t.db, actor: admin }, { ...base(), lastActivityThresholdDays: 100 });
    expect(raised.outcome).toEqual({ created: 0, canceled: 2, skipped: 0 });
    const { rows } = await listReclamationRules({ db: t.db, actor: VIEWER }, { params: parseListParams(reclamationRulesSpec, {}) });
    expect(rows[0]).toMatchObject({ lastActivityThresholdDays: 100, openCandidates: 1 });
  });

  it("a notice template: unknown placeholders are refused next to the field; the preview fills the known ones", async () => {
    await expect(updateReclamationRule({ db: t.db, actor: admin }, { ...base(), noticeSubject: "Hi {{firstName}}" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { noticeSubject: [expect.stringMatching(/Unknown placeholder/)] },
    });
    const preview = await previewNotice({ db: t.db, actor: VIEWER }, { id: ruleId, noticeSubject: "{{product}} on {{date}}", noticeBody: "Hello {{name}}: {{reason}}. {{keepLink}}" });
    expect(preview.subject).toMatch(/^Miro Enterprise — Full on \w+day, /);
    expect(preview.text).toContain("[Keep my license link]");
    expect(preview.text).not.toContain("{{");
  });
});

describe.each(ENGINES)("reclamation rule Preview against generation (%s)", (engine) => {
  let t: TestDb;
  let ruleId: string;
  let admin: ReturnType<typeof personActor>;
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const save = (values: { lastActivityThresholdDays: number; gracePeriodDays: number; active: boolean; createCandidates: boolean }) =>
    updateReclamationRule({ db: t.db, actor: admin }, { id: ruleId, name: "Business — unused", notifyUser: false, ...values });

  beforeAll(async () => {
    t = await createTestDb(engine);
    admin = personActor(await seedActor(t.db, "admin@example.com", ["sam_admin"]));
    const profile = await seedProfile(t.db, "Miro");
    const model = await seedModel(t.db, "Miro Enterprise — Business", "business");
    // Stored as inactive and not creating: Preview must evaluate it anyway (a dry run creates nothing).
    const [rule] = await t.db.insert(reclamationRules).values({ name: "Rule", softwareModelId: model.id, profileId: profile.id, active: false, createCandidates: false }).returning();
    ruleId = rule!.id;
    await t.db.insert(entitlements).values({ softwareModelId: model.id, purchasedRights: 10, unitCost: "10.00", currency: "EUR", subscriptionPeriod: "monthly" });
    const base = { profileId: profile.id, softwareModelId: model.id, subscriptionIdentifier: "business" };
    await insertSubscriptions(t.db, [
      { ...base, externalUserId: "1", userPrincipalName: "idle@example.com", lastActivityAt: ago(143), subscriptionAssignedAt: ago(400) },
      { ...base, externalUserId: "2", userPrincipalName: "busy@example.com", lastActivityAt: ago(3), subscriptionAssignedAt: ago(400) },
      { ...base, externalUserId: "3", userPrincipalName: "never@example.com", lastActivityAt: null, subscriptionAssignedAt: ago(90) },
      // Inactive long before its seat was reassigned 10 days ago: only the grace period protects it.
      { ...base, externalUserId: "4", userPrincipalName: "reassigned@example.com", lastActivityAt: ago(300), subscriptionAssignedAt: ago(10) },
      { ...base, externalUserId: "5", userPrincipalName: "excluded@example.com", lastActivityAt: ago(200), subscriptionAssignedAt: ago(400), excluded: true },
    ]);
  }, 60_000);
  afterAll(() => t?.dispose());

  it("Preview honours the grace period, ignores Active and Create reclamation candidate, and prices a year of the entitlement", async () => {
    const preview = (gracePeriodDays: number) => previewReclamationRule({ db: t.db, actor: VIEWER }, { id: ruleId, lastActivityThresholdDays: 60, gracePeriodDays });
    const withGrace = await preview(30);
    expect(withGrace.rows.map((r) => r.userPrincipalName)).toEqual(["idle@example.com", "never@example.com"]);
    expect(withGrace.savings.map((s) => ({ currency: s.currency, amount: Number(s.amount) }))).toEqual([{ currency: "EUR", amount: 240 }]);
    expect(withGrace.rows[0]).toMatchObject({ inactiveDays: 143, currency: "EUR", reason: expect.stringMatching(/^No activity in Miro for 143 days/) });
    expect(Number(withGrace.rows[0]!.potentialSavings)).toBe(120);
    expect((await preview(0)).count).toBe(3);
    expect(await countRows(t.db, "removal_candidates")).toBe(0);
    expect(await countRows(t.db, "audit_log")).toBe(0);
  });

  it("saving with Create reclamation candidate cleared creates nothing; setting it creates exactly what Preview listed", async () => {
    const values = { lastActivityThresholdDays: 60, gracePeriodDays: 0 };
    expect((await save({ ...values, active: true, createCandidates: false })).outcome).toEqual({ created: 0, canceled: 0, skipped: 0 });
    expect(await countRows(t.db, "removal_candidates")).toBe(0);

    const preview = await previewReclamationRule({ db: t.db, actor: VIEWER }, { id: ruleId, ...values });
    const { outcome } = await save({ ...values, active: true, createCandidates: true });
    expect(outcome).toEqual({ created: preview.count, canceled: 0, skipped: 0 });
    const made = await t.db.select().from(removalCandidates).where(eq(removalCandidates.ruleId, ruleId)).orderBy(desc(removalCandidates.inactiveDays), removalCandidates.userPrincipalName);
    const shape = (r: { userPrincipalName: string | null; inactiveDays: number | null; reason: string; potentialSavings: string | null; currency: string | null }) => ({
      userPrincipalName: r.userPrincipalName,
      inactiveDays: r.inactiveDays,
      reason: r.reason,
      potentialSavings: r.potentialSavings === null ? null : Number(r.potentialSavings),
      currency: r.currency,
    });
    expect(made.map(shape)).toEqual(preview.rows.map(shape));
    expect(made.reduce((a, c) => a + Number(c.potentialSavings), 0)).toBe(Number(preview.savings[0]!.amount));

    // The save and the evaluation it ran are both in the audit log; the rule's candidates are not previewed again.
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, ruleId)).orderBy(auditLog.action);
    expect(audits.map((a) => a.action)).toEqual(["reclamation_rule.update", "reclamation_rule.update", "removal_candidates.generate"]);
    expect(audits[2]!.after).toEqual(outcome);
    expect((await previewReclamationRule({ db: t.db, actor: VIEWER }, { id: ruleId, ...values })).count).toBe(0);
  });
});
