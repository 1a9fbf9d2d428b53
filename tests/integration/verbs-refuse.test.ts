import "../helpers/test-env";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { jobActor, personActor, type Actor } from "@/lib/auth/actor";
import { auditLog, connections, directoryUsers, integrationProfiles, subscriptionUserExclusionRules, users } from "@/lib/db/schema";
import { auditSpec } from "@/lib/lists/audit-spec";
import { aliasesSpec } from "@/lib/lists/aliases-spec";
import { directorySpec } from "@/lib/lists/directory-spec";
import { identifierExclusionsSpec, profileModelsSpec } from "@/lib/lists/profile-models-spec";
import { profilesSpec } from "@/lib/lists/profiles-spec";
import { usersSpec } from "@/lib/lists/users-spec";
import { listAudit } from "@/lib/services/audit/list-audit";
import { activateConnection } from "@/lib/services/connections/activate-connection";
import { completeOAuth } from "@/lib/services/connections/complete-oauth";
import { connectionOutcome } from "@/lib/services/connections/connection-outcome";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { createChildAlias } from "@/lib/services/connections/create-child-alias";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { listAliases } from "@/lib/services/connections/list-aliases";
import { startOAuthConnection } from "@/lib/services/connections/start-oauth-connection";
import type { ServiceContext } from "@/lib/services/context";
import { createDirectoryUser } from "@/lib/services/directory/create-directory-user";
import { importDirectoryCsv } from "@/lib/services/directory/import-directory-csv";
import { listDirectoryUsers } from "@/lib/services/directory/list-directory-users";
import { importEntitlementsCsv } from "@/lib/services/entitlements/import-entitlements-csv";
import { createIdentifierExclusion } from "@/lib/services/exclusions/create-identifier-exclusion";
import { createUserExclusion } from "@/lib/services/exclusions/create-user-exclusion";
import { setExclusionRuleActive } from "@/lib/services/exclusions/set-exclusion-rule-active";
import { listModelChoices } from "@/lib/services/identifiers/list-software-models";
import { mapIdentifier } from "@/lib/services/identifiers/map-identifier";
import { createProfile } from "@/lib/services/profiles/create-profile";
import { deleteProfile } from "@/lib/services/profiles/delete-profile";
import { getProfile } from "@/lib/services/profiles/get-profile";
import { listIdentifierExclusions } from "@/lib/services/profiles/list-identifier-exclusions";
import { listProfileModels } from "@/lib/services/profiles/list-profile-models";
import { listProfiles } from "@/lib/services/profiles/list-profiles";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { invalidateProfilesUsingAlias } from "@/lib/services/profiles/return-to-draft";
import { updateProfile } from "@/lib/services/profiles/update-profile";
import { validateProfile } from "@/lib/services/profiles/validate-profile";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { createUser } from "@/lib/services/users/create-user";
import { listUsers } from "@/lib/services/users/list-users";
import { updateUser } from "@/lib/services/users/update-user";
import { parseListParams } from "@/lib/table/list-spec";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { MIRO_TYPE, NOBODY, VIEWER } from "./lists-fixtures";

const DOWNLOAD = "miro_spoke.Miro_Enterprise";
const RECLAIM = "miro_spoke.Miro_Enterprise_SCIM";
const ROBOT = jobActor("test-robot", null, "Test robot");
const REFUSED = { code: "forbidden", message: expect.stringMatching(/^You do not have permission to /) };

/*
 * Every verb converted to (ctx, input) checks the actor before anything else, reads included:
 * called directly, with an actor that lacks the permission, it throws the `forbidden` ServiceError
 * that `authorize` raises, and writes nothing (not even an audit row).
 */
describe.each(ENGINES)("verbs refuse an actor without the permission, on %s", (engine) => {
  let t: TestDb;
  let profileId: string;
  let ruleId: string;
  let integratorId: string;
  let integrator: Actor;
  const as = (actor: Actor): ServiceContext => ({ db: t.db, actor });
  const totals = async () => ({
    audit: (await t.db.select({ n: count() }).from(auditLog))[0]!.n,
    profiles: (await t.db.select({ n: count() }).from(integrationProfiles))[0]!.n,
    users: (await t.db.select({ n: count() }).from(users))[0]!.n,
    directory: (await t.db.select({ n: count() }).from(directoryUsers))[0]!.n,
    connections: (await t.db.select({ n: count() }).from(connections))[0]!.n,
  });
  let before: Awaited<ReturnType<typeof totals>>;

  beforeAll(async () => {
    t = await createTestDb(engine);
    await ensureVendorAliases(t.db);
    const [person] = await t.db.insert(users).values({ email: `int-${engine}@example.com`, name: "Int", passwordHash: "x", roles: ["sam_integrator"] }).returning();
    integratorId = person!.id;
    integrator = personActor(person!);
    const [profile] = await t.db.insert(integrationProfiles).values({ displayName: "Miro", profileType: MIRO_TYPE, vendorId: "miro", downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM }).returning();
    profileId = profile!.id;
    const [rule] = await t.db.insert(subscriptionUserExclusionRules).values({ userPrincipalName: "svc@acme.example", reason: "robot" }).returning();
    ruleId = rule!.id;
    before = await totals();
  });
  afterAll(async () => {
    expect(await totals()).toEqual(before);
    await t?.dispose();
  });

  it("profiles: a sam_user may not create, edit, validate, publish or delete", async () => {
    await expect(createProfile(as(VIEWER), { vendorId: "miro", displayName: "X", reclaimEnabled: true })).rejects.toMatchObject(REFUSED);
    const edit = { id: profileId, displayName: "Y", reclaimEnabled: false, downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM };
    await expect(updateProfile(as(VIEWER), edit)).rejects.toMatchObject(REFUSED);
    await expect(validateProfile(as(VIEWER), { id: profileId })).rejects.toMatchObject(REFUSED);
    await expect(publishProfile(as(VIEWER), { id: profileId })).rejects.toMatchObject(REFUSED);
    await expect(deleteProfile(as(VIEWER), { id: profileId })).rejects.toMatchObject(REFUSED);
  });

  it("profiles: a person without a role may not read one, nor its page", async () => {
    await expect(getProfile(as(NOBODY), { id: profileId })).rejects.toMatchObject(REFUSED);
    await expect(loadProfilePage(as(NOBODY), { profileId })).rejects.toMatchObject(REFUSED);
    // The same reads answer a sam_user.
    expect((await getProfile(as(VIEWER), { id: profileId })).displayName).toBe("Miro");
    expect((await loadProfilePage(as(VIEWER), { profileId }))?.profile.id).toBe(profileId);
  });

  it("the check comes before the input: a refusal, not a complaint about the fields", async () => {
    await expect(createProfile(as(VIEWER), { vendorId: "NOT A VENDOR", displayName: "" })).rejects.toMatchObject(REFUSED);
    await expect(getProfile(as(NOBODY), { id: "not-a-uuid" })).rejects.toMatchObject(REFUSED);
    await expect(createUser(as(VIEWER), { name: "", email: "nope", password: "short" })).rejects.toMatchObject(REFUSED);
  });

  it("connections: a sam_user may not create aliases or connections", async () => {
    await expect(createChildAlias(as(VIEWER), { parentAliasId: DOWNLOAD, name: "Europe" })).rejects.toMatchObject(REFUSED);
    await expect(startOAuthConnection(as(VIEWER), { aliasId: DOWNLOAD, name: "x", clientId: "1", clientSecret: "2" })).rejects.toMatchObject(REFUSED);
    await expect(createApiTokenConnection(as(VIEWER), { aliasId: RECLAIM, name: "SCIM", apiToken: "a-long-token" })).rejects.toMatchObject(REFUSED);
    await expect(completeOAuth(as(VIEWER), { vendorId: "miro", query: { state: "s", code: "c" } })).rejects.toMatchObject(REFUSED);
    const connectionId = "00000000-0000-4000-8000-0000000000aa";
    await expect(t.db.transaction((tx) => activateConnection({ db: tx, actor: VIEWER }, { aliasId: DOWNLOAD, connectionId, values: {} }))).rejects.toMatchObject(REFUSED);
    await expect(t.db.transaction((tx) => invalidateProfilesUsingAlias({ db: tx, actor: VIEWER }, { aliasId: DOWNLOAD, why: "test" }))).rejects.toMatchObject(REFUSED);
  });

  it("connections: an OAuth consent is a person's, so a job may not start or complete one", async () => {
    await expect(startOAuthConnection(as(ROBOT), { aliasId: DOWNLOAD, name: "x", clientId: "1", clientSecret: "2" })).rejects.toMatchObject(REFUSED);
    await expect(completeOAuth(as(ROBOT), { vendorId: "miro", query: { state: "s", code: "c" } })).rejects.toMatchObject(REFUSED);
  });

  it("connections: a person without a role may not read the outcome banner nor the aliases", async () => {
    await expect(connectionOutcome(as(NOBODY), { connectionId: "00000000-0000-4000-8000-0000000000aa" })).rejects.toMatchObject(REFUSED);
    await expect(listAliases(as(NOBODY), { params: parseListParams(aliasesSpec, {}) as never })).rejects.toMatchObject(REFUSED);
  });

  it("directory: only a sam_admin may add people or import a file", async () => {
    for (const actor of [VIEWER, integrator]) {
      await expect(createDirectoryUser(as(actor), { name: "Bea", email: "bea@corp.example", active: "true" })).rejects.toMatchObject(REFUSED);
      await expect(importDirectoryCsv(as(actor), { csv: "name,email\nBea,bea@corp.example\n", mode: "import" })).rejects.toMatchObject(REFUSED);
      // A preview writes nothing, and is refused all the same.
      await expect(importDirectoryCsv(as(actor), { csv: "name,email\nBea,bea@corp.example\n", mode: "preview" })).rejects.toMatchObject(REFUSED);
    }
    await expect(listDirectoryUsers(as(NOBODY), { params: parseListParams(directorySpec, {}) as never })).rejects.toMatchObject(REFUSED);
  });

  it("entitlements: only a sam_admin may import a file, preview included", async () => {
    const csv = "Software model,Purchased rights,Unit cost,Period,State\nMiro,1,1.00 EUR,Monthly,In use\n";
    for (const actor of [VIEWER, integrator, NOBODY]) {
      for (const mode of ["preview", "import"] as const) await expect(importEntitlementsCsv(as(actor), { csv, mode })).rejects.toMatchObject(REFUSED);
    }
  });

  it("exclusions and identifiers: only a sam_admin may change rules or map identifiers", async () => {
    await expect(createIdentifierExclusion(as(VIEWER), { profileType: MIRO_TYPE, identifier: "basic", reason: "r" })).rejects.toMatchObject(REFUSED);
    await expect(createUserExclusion(as(VIEWER), { userPrincipalName: "x@y.example", reason: "r" })).rejects.toMatchObject(REFUSED);
    await expect(setExclusionRuleActive(as(VIEWER), { kind: "user", id: ruleId, active: false })).rejects.toMatchObject(REFUSED);
    await expect(mapIdentifier(as(integrator), { profileType: MIRO_TYPE, identifier: "full", choice: "new", newModelName: "Full" })).rejects.toMatchObject(REFUSED);
    await expect(listModelChoices(as(VIEWER))).rejects.toMatchObject(REFUSED);
  });

  it("users: only a sam_admin may create people or change their roles", async () => {
    for (const actor of [VIEWER, integrator]) {
      await expect(createUser(as(actor), { name: "Ann", email: "ann@example.com", password: "a-long-enough-password", roles: ["sam_admin"] })).rejects.toMatchObject(REFUSED);
      await expect(updateUser(as(actor), { id: integratorId, roles: ["sam_admin"], active: true })).rejects.toMatchObject(REFUSED);
    }
    await expect(listUsers(as(VIEWER), { params: parseListParams(usersSpec, {}) as never })).rejects.toMatchObject(REFUSED);
  });

  it("list reads of profiles and the audit log refuse a person without a role", async () => {
    const nobody = as(NOBODY);
    await expect(listProfiles(nobody, { params: parseListParams(profilesSpec, {}) as never })).rejects.toMatchObject(REFUSED);
    await expect(listProfileOptions(nobody)).rejects.toMatchObject(REFUSED);
    const profile = { id: profileId, profileType: MIRO_TYPE };
    await expect(listProfileModels(nobody, { params: parseListParams(profileModelsSpec, {}) as never, profile })).rejects.toMatchObject(REFUSED);
    await expect(listIdentifierExclusions(nobody, { params: parseListParams(identifierExclusionsSpec, {}) as never, profileType: MIRO_TYPE })).rejects.toMatchObject(REFUSED);
    await expect(listAudit(nobody, { params: parseListParams(auditSpec, {}) as never })).rejects.toMatchObject(REFUSED);
  });
});
