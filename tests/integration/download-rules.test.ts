import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  directoryUsers,
  integrationProfiles,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifierExclusionRules,
  subscriptionIdentifiers,
  subscriptionUserExclusionRules,
  unrecognizedSubscriptionIdentifiers,
} from "@/lib/db/schema";
import { applyIdentifierMapping } from "@/lib/services/subscriptions/apply-identifier-mapping";
import { reapplyExclusions } from "@/lib/services/subscriptions/reapply-exclusions";
import { resolveUsers } from "@/lib/services/subscriptions/resolve-users";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * The subscription functions the lists and the download share (issue 5 items 3-5), on both engines,
 * on rows written directly: re-marking exclusions from the active rules, mapping an unrecognized
 * identifier, and resolving users from the directory.
 */

const MIRO = "miro_enterprise_subscription";
const OTHER = "zoom_subscription";

describe.each(ENGINES)("subscription rules on %s", (engine) => {
  let t: TestDb;
  let p1 = "";
  let p2 = "";
  let p3 = "";

  async function sub(profileId: string, externalUserId: string, identifier: string, upn: string) {
    const [row] = await t.db
      .insert(softwareSubscriptions)
      .values({ profileId, externalUserId, subscriptionIdentifier: identifier, userPrincipalName: upn })
      .returning();
    return row!;
  }
  const get = async (id: string) => (await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.id, id)))[0]!;

  beforeAll(async () => {
    t = await createTestDb(engine);
    const profiles = await t.db
      .insert(integrationProfiles)
      .values([
        { displayName: "Miro A", profileType: MIRO, vendorId: "miro" },
        { displayName: "Miro B", profileType: MIRO, vendorId: "miro" },
        { displayName: "Zoom", profileType: OTHER, vendorId: "zoom" },
      ])
      .returning();
    [p1, p2, p3] = profiles.map((p) => p.id) as [string, string, string];
  });
  afterAll(async () => {
    await t?.dispose();
  });
  beforeEach(async () => {
    await t.db.delete(softwareSubscriptions);
    await t.db.delete(subscriptionIdentifierExclusionRules);
    await t.db.delete(subscriptionUserExclusionRules);
    await t.db.delete(unrecognizedSubscriptionIdentifiers);
    await t.db.delete(subscriptionIdentifiers);
    await t.db.delete(directoryUsers);
  });

  describe("reapplyExclusions", () => {
    it("marks by identifier rule of the profile type and by user rule, and unmarks when a rule is deactivated", async () => {
      const free1 = await sub(p1, "1", "free", "a@x.example");
      const free3 = await sub(p3, "2", "free", "b@x.example");
      const full = await sub(p2, "3", "full", "Boss@X.example");
      const both = await sub(p2, "4", "Free", "boss@x.example");
      const [freeRule] = await t.db.insert(subscriptionIdentifierExclusionRules).values({ profileType: MIRO, identifier: "free" }).returning();
      const [bossRule] = await t.db.insert(subscriptionUserExclusionRules).values({ userPrincipalName: "BOSS@x.example " }).returning();

      expect(await reapplyExclusions(t.db)).toEqual({ changed: 3 });
      expect(await get(free1.id)).toMatchObject({ excluded: true, identifierExclusionRuleId: freeRule!.id, userExclusionRuleId: null });
      expect(await get(free3.id)).toMatchObject({ excluded: false, identifierExclusionRuleId: null });
      expect(await get(full.id)).toMatchObject({ excluded: true, identifierExclusionRuleId: null, userExclusionRuleId: bossRule!.id });
      expect(await get(both.id)).toMatchObject({ excluded: true, identifierExclusionRuleId: freeRule!.id, userExclusionRuleId: bossRule!.id });
      expect(await reapplyExclusions(t.db)).toEqual({ changed: 0 });

      await t.db.update(subscriptionUserExclusionRules).set({ active: false }).where(eq(subscriptionUserExclusionRules.id, bossRule!.id));
      expect(await reapplyExclusions(t.db)).toEqual({ changed: 2 });
      expect(await get(full.id)).toMatchObject({ excluded: false, identifierExclusionRuleId: null, userExclusionRuleId: null });
      expect(await get(both.id)).toMatchObject({ excluded: true, identifierExclusionRuleId: freeRule!.id, userExclusionRuleId: null });
    });

    it("re-marks only within the scope", async () => {
      const a = await sub(p1, "1", "free", "a@x.example");
      const b = await sub(p2, "2", "free", "b@x.example");
      const c = await sub(p3, "3", "free", "c@x.example");
      await t.db.insert(subscriptionIdentifierExclusionRules).values([
        { profileType: MIRO, identifier: "free" },
        { profileType: OTHER, identifier: "free" },
      ]);
      expect(await reapplyExclusions(t.db, { profileId: p1 })).toEqual({ changed: 1 });
      expect([(await get(a.id)).excluded, (await get(b.id)).excluded, (await get(c.id)).excluded]).toEqual([true, false, false]);
      expect(await reapplyExclusions(t.db, { profileType: MIRO })).toEqual({ changed: 1 });
      expect((await get(c.id)).excluded).toBe(false);
      expect(await reapplyExclusions(t.db, { profileType: OTHER })).toEqual({ changed: 1 });
      expect((await get(c.id)).excluded).toBe(true);
    });

    it("clears the flag left behind by a deleted rule", async () => {
      const a = await sub(p1, "1", "free", "a@x.example");
      const [rule] = await t.db.insert(subscriptionIdentifierExclusionRules).values({ profileType: MIRO, identifier: "free" }).returning();
      await reapplyExclusions(t.db);
      await t.db.delete(subscriptionIdentifierExclusionRules).where(eq(subscriptionIdentifierExclusionRules.id, rule!.id));
      // The foreign key nulled the reference; the flag alone is the short window the schema allows.
      expect(await get(a.id)).toMatchObject({ excluded: true, identifierExclusionRuleId: null });
      expect(await reapplyExclusions(t.db)).toEqual({ changed: 1 });
      expect((await get(a.id)).excluded).toBe(false);
    });
  });

  describe("applyIdentifierMapping", () => {
    it("maps every subscription of the profile type with the identifier and resolves the unrecognized rows", async () => {
      const [model] = await t.db.insert(softwareModels).values({ displayName: `Team Plus ${engine}`, publisher: "Miro", product: "Miro Enterprise", edition: "Team Plus", source: "custom" }).returning();
      const [own] = await t.db.insert(softwareModels).values({ displayName: `Own ${engine}`, publisher: "Miro", product: "Miro Enterprise", source: "custom" }).returning();
      const a = await sub(p1, "1", "team_plus", "a@x.example");
      const b = await sub(p1, "2", "team_plus", "b@x.example");
      const c = await sub(p2, "3", "team_plus", "c@x.example");
      const other = await sub(p3, "4", "team_plus", "d@x.example");
      const full = await sub(p1, "5", "full", "e@x.example");
      // Profile B has its own mapping for the identifier: it keeps it.
      await t.db.insert(subscriptionIdentifiers).values({ profileId: p2, identifier: "team_plus", softwareModelId: own!.id });
      await t.db.insert(unrecognizedSubscriptionIdentifiers).values([
        { profileId: p1, identifier: "team_plus", subscriptionCount: 2 },
        { profileId: p3, identifier: "team_plus", subscriptionCount: 1 },
      ]);

      const result = await t.db.transaction(async (tx) => {
        await tx.insert(subscriptionIdentifiers).values({ profileType: MIRO, identifier: "team_plus", softwareModelId: model!.id });
        return applyIdentifierMapping(tx, { profileType: MIRO, identifier: "team_plus", softwareModelId: model!.id });
      });
      expect(result).toEqual({ updated: 2 });
      expect([(await get(a.id)).softwareModelId, (await get(b.id)).softwareModelId]).toEqual([model!.id, model!.id]);
      expect((await get(c.id)).softwareModelId).toBeNull();
      expect((await get(other.id)).softwareModelId).toBeNull();
      expect((await get(full.id)).softwareModelId).toBeNull();
      const rows = await t.db.select().from(unrecognizedSubscriptionIdentifiers);
      const byProfile = new Map(rows.map((r) => [r.profileId, r]));
      expect(byProfile.get(p1)).toMatchObject({ resolvedModelId: model!.id });
      expect(byProfile.get(p1)!.resolvedAt).toBeInstanceOf(Date);
      expect(byProfile.get(p3)).toMatchObject({ resolvedAt: null, resolvedModelId: null });
      expect(await applyIdentifierMapping(t.db, { profileType: MIRO, identifier: "team_plus", softwareModelId: model!.id })).toEqual({ updated: 0 });
    });
  });

  describe("resolveUsers", () => {
    it("matches by email, then user name, case-insensitively; never overwrites a manual user", async () => {
      const [byEmail, byName, inactiveTwin, activeTwin, manual] = await t.db
        .insert(directoryUsers)
        .values([
          { name: "Ann", email: "ANN@x.example" },
          { name: "Bob", userName: "bob@x.example" },
          { name: "Cid (left)", email: "cid@x.example", active: false },
          { name: "Cid", email: "cid@x.example" },
          { name: "Chosen", email: "someone@else.example" },
        ])
        .returning();
      const ann = await sub(p1, "1", "full", "ann@X.example");
      const bob = await sub(p1, "2", "full", "Bob@x.example");
      const cid = await sub(p1, "3", "full", "cid@x.example");
      const nobody = await sub(p1, "4", "full", "nobody@x.example");
      const kept = await sub(p1, "5", "full", "ann@x.example");
      const elsewhere = await sub(p2, "6", "full", "ann@x.example");
      await t.db.update(softwareSubscriptions).set({ directoryUserId: manual!.id, userSetManually: true }).where(eq(softwareSubscriptions.id, kept.id));

      expect(await resolveUsers(t.db, p1)).toEqual({ resolved: 3 });
      expect((await get(ann.id)).directoryUserId).toBe(byEmail!.id);
      expect((await get(bob.id)).directoryUserId).toBe(byName!.id);
      expect((await get(cid.id)).directoryUserId).toBe(activeTwin!.id);
      expect((await get(cid.id)).directoryUserId).not.toBe(inactiveTwin!.id);
      expect((await get(nobody.id)).directoryUserId).toBeNull();
      expect(await get(kept.id)).toMatchObject({ directoryUserId: manual!.id, userSetManually: true });
      expect((await get(elsewhere.id)).directoryUserId).toBeNull();
      expect(await resolveUsers(t.db, p1)).toEqual({ resolved: 0 });

      // A directory entry whose email changed no longer matches: back to without user.
      await t.db.update(directoryUsers).set({ email: "ann.new@x.example" }).where(eq(directoryUsers.id, byEmail!.id));
      expect(await resolveUsers(t.db, p1)).toEqual({ resolved: 0 });
      expect((await get(ann.id)).directoryUserId).toBeNull();
      const manualRows = await t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, p1), eq(softwareSubscriptions.userSetManually, true)));
      expect(manualRows).toHaveLength(1);
    });
  });
});
