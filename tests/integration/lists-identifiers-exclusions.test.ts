import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/services/context";
import {
  auditLog,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifiers,
  unrecognizedSubscriptionIdentifiers,
  type NewSoftwareSubscription,
} from "@/lib/db/schema";
import { exclusionRulesSpec, userExclusionsSpec } from "@/lib/lists/exclusions-spec";
import { softwareModelsSpec } from "@/lib/lists/software-models-spec";
import { subscriptionsSpec } from "@/lib/lists/subscriptions-spec";
import { profileUnrecognizedIdentifiersSpec, unrecognizedIdentifiersSpec, unrecognizedStateText } from "@/lib/lists/unrecognized-identifiers-spec";
import { createIdentifierExclusion } from "@/lib/services/exclusions/create-identifier-exclusion";
import { createUserExclusion } from "@/lib/services/exclusions/create-user-exclusion";
import { createIdentifierExclusionInput, createUserExclusionInput, setExclusionRuleActiveInput } from "@/lib/services/exclusions/exclusion-input";
import { listExclusionRules } from "@/lib/services/exclusions/list-exclusion-rules";
import { listUserExclusions } from "@/lib/services/exclusions/list-user-exclusions";
import { setExclusionRuleActive } from "@/lib/services/exclusions/set-exclusion-rule-active";
import { mapIdentifierInput } from "@/lib/services/identifiers/identifier-input";
import { listSoftwareModels } from "@/lib/services/identifiers/list-software-models";
import { listUnrecognizedIdentifiers } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { mapIdentifier } from "@/lib/services/identifiers/map-identifier";
import { countSubscriptions, listSubscriptions } from "@/lib/services/subscriptions/list-subscriptions";
import { exclusionText } from "@/lib/lists/subscriptions-spec";
import { parseListParams } from "@/lib/table/list-spec";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { countRows, insertSubscriptions, MIRO_TYPE, seedActor, seedIdentifierRule, seedModel, seedProfile, VIEWER } from "./lists-fixtures";

describe.each(ENGINES)("mapping identifiers and exclusion rules on %s", (engine) => {
  let t: TestDb;
  let ctx: ServiceContext;
  let admin: Awaited<ReturnType<typeof seedActor>>;
  let user: Awaited<ReturnType<typeof seedActor>>;
  let acme: { id: string };
  let beta: { id: string };
  let fullModel: { id: string };

  const sub = (profileId: string, n: number, identifier: string, upn = `m${n}@acme.example`): NewSoftwareSubscription => ({
    profileId,
    externalUserId: `${identifier}-${n}-${profileId.slice(0, 4)}`,
    userPrincipalName: upn,
    subscriptionIdentifier: identifier,
  });

  beforeAll(async () => {
    t = await createTestDb(engine);
    ctx = { db: t.db, actor: VIEWER };
    admin = await seedActor(t.db, "admin@example.com", ["sam_admin"]);
    user = await seedActor(t.db, "user@example.com", ["sam_user"]);
    acme = await seedProfile(t.db, "Miro Acme");
    beta = await seedProfile(t.db, "Miro Beta");
    fullModel = await seedModel(t.db, "Miro Enterprise — Full", "full");
    const rows: NewSoftwareSubscription[] = [];
    for (let i = 0; i < 12; i++) rows.push({ ...sub(acme.id, i, "enterprise_plus"), softwareModelId: null });
    for (let i = 0; i < 5; i++) rows.push({ ...sub(beta.id, i, "enterprise_plus", `b${i}@beta.example`), softwareModelId: null });
    for (let i = 0; i < 7; i++) rows.push({ ...sub(acme.id, i, "full"), softwareModelId: fullModel.id });
    for (let i = 0; i < 4; i++) rows.push({ ...sub(acme.id, i, "full_trial"), softwareModelId: null });
    rows.push({ ...sub(beta.id, 99, "full", "SVC-Robot@Acme.example"), softwareModelId: fullModel.id });
    rows.push({ ...sub(acme.id, 98, "full", "svc-robot@acme.example"), softwareModelId: fullModel.id });
    await insertSubscriptions(t.db, rows);
    const seen = new Date(Date.UTC(2026, 4, 1));
    await t.db.insert(unrecognizedSubscriptionIdentifiers).values([
      { profileId: acme.id, identifier: "enterprise_plus", subscriptionCount: 12, firstSeenAt: seen, lastSeenAt: seen },
      { profileId: beta.id, identifier: "enterprise_plus", subscriptionCount: 5, firstSeenAt: new Date(seen.getTime() - 86_400_000), lastSeenAt: seen },
      { profileId: acme.id, identifier: "full_trial", subscriptionCount: 4, firstSeenAt: seen, lastSeenAt: seen },
    ]);
  });
  afterAll(async () => t?.dispose());

  const subsOf = async (search: Record<string, string>) => {
    const params = parseListParams(subscriptionsSpec, { perPage: "100", ...search });
    const [page, counted] = await Promise.all([listSubscriptions(ctx, { params }), countSubscriptions(ctx, { params })]);
    return { ...page, total: counted.total };
  };

  it("lists unrecognized identifiers per profile type across profiles, and per profile", async () => {
    const global = await listUnrecognizedIdentifiers(ctx, { params: parseListParams(unrecognizedIdentifiersSpec, {}) });
    expect(global.total).toBe(2);
    const plus = global.rows.find((r) => r.identifier === "enterprise_plus")!;
    expect(plus).toMatchObject({ subscriptions: 17, open: true, profileType: MIRO_TYPE, profileTypeLabel: "Miro Enterprise Subscription" });
    expect(plus.profiles.map((p) => p.name)).toEqual(["Miro Acme", "Miro Beta"]);
    expect(plus.firstSeenAt).toBe(new Date(Date.UTC(2026, 3, 30)).toISOString());
    expect(global.rows[0]!.identifier).toBe("enterprise_plus"); // most subscriptions first
    const beta1 = await listUnrecognizedIdentifiers(ctx, { params: parseListParams(profileUnrecognizedIdentifiersSpec, {}), profileId: beta.id });
    expect(beta1.rows.map((r) => [r.identifier, r.subscriptions])).toEqual([["enterprise_plus", 5]]);
  });

  it("refuses Map to model to a sam_user, and writes nothing", async () => {
    const input = mapIdentifierInput.parse({ profileType: MIRO_TYPE, identifier: "enterprise_plus", choice: "new", newModelName: "Sneaky model" });
    await expect(mapIdentifier({ db: t.db, actor: user }, input)).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.db.select().from(softwareModels).where(eq(softwareModels.displayName, "Sneaky model"))).toHaveLength(0);
  });

  it("refuses a new model whose name exists, and leaves everything as it was", async () => {
    const input = mapIdentifierInput.parse({ profileType: MIRO_TYPE, identifier: "enterprise_plus", choice: "new", newModelName: "miro enterprise — FULL" });
    const err = await mapIdentifier({ db: t.db, actor: admin }, input).catch((e) => e);
    expect(err).toMatchObject({ code: "conflict" });
    expect(err.fieldErrors.newModelName[0]).toMatch(/exists/);
    expect(await countRows(t.db, "subscription_identifiers")).toBe(1);
    expect((await subsOf({ model: "none", identifier: "enterprise_plus" })).total).toBe(17);
  });

  it("maps an identifier to a new custom model: map row, subscriptions of every profile, resolved rows and audit together", async () => {
    const input = mapIdentifierInput.parse({ profileType: MIRO_TYPE, identifier: "enterprise_plus", choice: "new", newModelName: "Miro Enterprise — Enterprise Plus", profileId: acme.id });
    const result = await mapIdentifier({ db: t.db, actor: admin }, input);
    expect(result).toMatchObject({ createdModel: true, updated: 17, modelName: "Miro Enterprise — Enterprise Plus" });
    const [model] = await t.db.select().from(softwareModels).where(eq(softwareModels.id, result.modelId));
    expect(model).toMatchObject({ source: "custom", publisher: "Miro", product: "Miro Enterprise", profileId: acme.id, createdBy: admin.id });
    const [map] = await t.db
      .select()
      .from(subscriptionIdentifiers)
      .where(and(eq(subscriptionIdentifiers.identifier, "enterprise_plus"), isNull(subscriptionIdentifiers.profileId)));
    expect(map).toMatchObject({ profileType: MIRO_TYPE, softwareModelId: result.modelId });
    expect((await subsOf({ model: result.modelId })).total).toBe(17);
    expect((await subsOf({ model: "none", identifier: "enterprise_plus" })).total).toBe(0);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "identifier.map"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain("enterprise_plus");

    const after = await listUnrecognizedIdentifiers(ctx, { params: parseListParams(unrecognizedIdentifiersSpec, { state: "mapped" }) });
    expect(after.rows.map((r) => unrecognizedStateText(r))).toEqual(["Mapped to Miro Enterprise — Enterprise Plus"]);
    const open = await listUnrecognizedIdentifiers(ctx, { params: parseListParams(unrecognizedIdentifiersSpec, { state: "open" }) });
    expect(open.rows.map((r) => r.identifier)).toEqual(["full_trial"]);

    const models = await listSoftwareModels(ctx, { params: parseListParams(softwareModelsSpec, { source: "custom" }) });
    expect(models.rows.map((m) => [m.displayName, m.subscriptions, m.identifiers])).toEqual([["Miro Enterprise — Enterprise Plus", 17, ["enterprise_plus"]]]);
  });

  it("maps an identifier to an existing model", async () => {
    const input = mapIdentifierInput.parse({ profileType: MIRO_TYPE, identifier: "full_trial", choice: "existing", modelId: fullModel.id });
    const result = await mapIdentifier({ db: t.db, actor: admin }, input);
    expect(result).toMatchObject({ createdModel: false, updated: 4, modelId: fullModel.id });
    expect((await subsOf({ model: fullModel.id })).total).toBe(7 + 4 + 2);
  });

  it("checks the dialog's input", () => {
    const r = mapIdentifierInput.safeParse({ profileType: MIRO_TYPE, identifier: "x", choice: "existing", modelId: "" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["modelId", "Choose a software model."]]);
    const n = mapIdentifierInput.safeParse({ profileType: MIRO_TYPE, identifier: "x", choice: "new", newModelName: "  " });
    expect(n.error!.issues[0]!.path).toEqual(["newModelName"]);
  });

  it("creates a user exclusion rule that excludes the person in every profile at once, any case", async () => {
    const input = createUserExclusionInput.parse({ userPrincipalName: "Svc-Robot@acme.EXAMPLE", reason: "Service account" });
    const r = await createUserExclusion({ db: t.db, actor: admin }, input);
    expect(r.changed).toBe(2);
    const excluded = await subsOf({ excluded: "true" });
    expect(excluded.rows.map((x) => exclusionText(x))).toEqual(["User rule: Svc-Robot@acme.EXAMPLE", "User rule: Svc-Robot@acme.EXAMPLE"]);
    const list = await listUserExclusions(ctx, { params: parseListParams(userExclusionsSpec, {}), profileId: beta.id });
    expect(list.rows).toMatchObject([{ userPrincipalName: "Svc-Robot@acme.EXAMPLE", active: true, excludedSubscriptions: 1, createdBy: admin.email }]);

    const dup = await createUserExclusion({ db: t.db, actor: admin }, createUserExclusionInput.parse({ userPrincipalName: "svc-robot@acme.example", reason: "again" })).catch((e) => e);
    expect(dup).toMatchObject({ code: "conflict" });
    expect(dup.fieldErrors.userPrincipalName[0]).toMatch(/exists already/);

    // Deactivate: the subscriptions are no longer excluded; activate: excluded again.
    const off = await setExclusionRuleActive({ db: t.db, actor: admin }, setExclusionRuleActiveInput.parse({ kind: "user", id: r.id, active: "false" }));
    expect(off.changed).toBe(2);
    expect((await subsOf({ excluded: "true" })).total).toBe(0);
    const on = await setExclusionRuleActive({ db: t.db, actor: admin }, setExclusionRuleActiveInput.parse({ kind: "user", id: r.id, active: "true" }));
    expect(on.changed).toBe(2);
    expect((await subsOf({ excluded: "true" })).total).toBe(2);
    const actions = (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, r.id))).map((a) => a.action).sort();
    expect(actions).toEqual(["exclusion_rule.activate", "exclusion_rule.create", "exclusion_rule.deactivate"]);
  });

  it("creates an identifier exclusion rule for the profile type and lists both kinds together", async () => {
    await seedIdentifierRule(t.db, "free");
    const r = await createIdentifierExclusion({ db: t.db, actor: admin }, createIdentifierExclusionInput.parse({ profileType: MIRO_TYPE, identifier: "full_trial", reason: "Trials cost nothing" }));
    expect(r.changed).toBe(4);
    const rows = (await subsOf({ identifier: "full_trial" })).rows;
    expect(rows.every((x) => exclusionText(x) === "Identifier rule: full_trial")).toBe(true);

    const all = await listExclusionRules(ctx, { params: parseListParams(exclusionRulesSpec, {}) });
    expect(all.rows.map((x) => [x.kind, x.value, x.excludedSubscriptions])).toEqual([
      ["identifier", "free", 0],
      ["identifier", "full_trial", 4],
      ["user", "Svc-Robot@acme.EXAMPLE", 2],
    ]);
    const users = await listExclusionRules(ctx, { params: parseListParams(exclusionRulesSpec, { kind: "user" }) });
    expect(users.total).toBe(1);

    const dup = await createIdentifierExclusion({ db: t.db, actor: admin }, createIdentifierExclusionInput.parse({ profileType: MIRO_TYPE, identifier: "full_trial", reason: "x" })).catch((e) => e);
    expect(dup.fieldErrors.identifier[0]).toMatch(/exists already/);
    const off = await setExclusionRuleActive({ db: t.db, actor: admin }, setExclusionRuleActiveInput.parse({ kind: "identifier", id: r.id, active: "false" }));
    expect(off.changed).toBe(4);
    const inactive = await listExclusionRules(ctx, { params: parseListParams(exclusionRulesSpec, { active: "false" }) });
    expect(inactive.rows.map((x) => x.value)).toEqual(["full_trial"]);
    const again = await createIdentifierExclusion({ db: t.db, actor: admin }, createIdentifierExclusionInput.parse({ profileType: MIRO_TYPE, identifier: "full_trial", reason: "x" })).catch((e) => e);
    expect(again.fieldErrors.identifier[0]).toMatch(/inactive: activate it/);
  });

  it("refuses rule changes to a sam_user and validates input", async () => {
    await expect(createUserExclusion({ db: t.db, actor: user }, { userPrincipalName: "x@y.z", reason: "r" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createIdentifierExclusion({ db: t.db, actor: user }, { profileType: MIRO_TYPE, identifier: "basic", reason: "r" })).rejects.toMatchObject({ code: "forbidden" });
    const [rule] = await t.db.select().from(softwareSubscriptions).limit(1);
    await expect(setExclusionRuleActive({ db: t.db, actor: user }, { kind: "user", id: rule!.id, active: false })).rejects.toMatchObject({ code: "forbidden" });
    const bad = createUserExclusionInput.safeParse({ userPrincipalName: "two words", reason: "" });
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["reason", "userPrincipalName"]);
  });
});
