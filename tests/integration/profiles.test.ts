import "../helpers/test-env";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import {
  connections,
  integrationProfiles,
  reclamationRules,
  removalCandidates,
  scheduledJobs,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifierExclusionRules,
  users,
} from "@/lib/db/schema";
import { personActor, type PersonActor } from "@/lib/auth/actor";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { startOAuthConnection } from "@/lib/services/connections/start-oauth-connection";
import { completeOAuth } from "@/lib/services/connections/complete-oauth";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { createChildAlias } from "@/lib/services/connections/create-child-alias";
import { createProfile } from "@/lib/services/profiles/create-profile";
import { updateProfile } from "@/lib/services/profiles/update-profile";
import { validateProfile } from "@/lib/services/profiles/validate-profile";
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { deleteProfile } from "@/lib/services/profiles/delete-profile";
import { getProfile } from "@/lib/services/profiles/get-profile";
import { createTestDb, type TestDb } from "../helpers/test-db";

const DOWNLOAD = "miro_spoke.Miro_Enterprise";
const RECLAIM = "miro_spoke.Miro_Enterprise_SCIM";

/*
 * The profile services end to end on PostgreSQL against the Miro simulator: create, connect
 * (OAuth with a single-use state, SCIM token), validate, publish (idempotent), back to Draft when
 * the connection changes, and delete. Codes come from the simulator's documented control endpoint.
 */
describe("integration profile services", () => {
  let t: TestDb;
  let sim: MiroSimulator;
  let integrator: PersonActor;
  let other: PersonActor;
  const sampleUser = personActor({ id: "00000000-0000-0000-0000-000000000000", email: "user@example.com", roles: ["sam_user"] });

  beforeAll(async () => {
    sim = await startMiroSimulator({ port: 0, members: 200, seed: 3, rateLimit: false });
    process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
    process.env.MIRO_API_BASE_URL = sim.url;
    process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
    t = await createTestDb("postgres");
    await ensureVendorAliases(t.db);
    const people = await t.db
      .insert(users)
      .values([
        { email: "int@example.com", name: "Int", passwordHash: "x", roles: ["sam_integrator"] },
        { email: "int2@example.com", name: "Int2", passwordHash: "x", roles: ["sam_integrator"] },
      ])
      .returning();
    integrator = personActor(people[0]!);
    other = personActor(people[1]!);
  });
  afterAll(async () => {
    await t?.dispose();
    await sim?.close();
  });

  async function connectOAuth(aliasId: string, actor = integrator) {
    const { authorizeUrl } = await startOAuthConnection({ db: t.db, actor }, {
      aliasId,
      name: "Miro Enterprise",
      clientId: sim.state.demo.clientId,
      clientSecret: sim.state.demo.clientSecret,
    });
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${sim.url}/oauth/authorize`);
    const state = url.searchParams.get("state")!;
    const res = await fetch(`${sim.url}/__sim/authorize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: sim.state.demo.clientId, redirectUri: url.searchParams.get("redirect_uri"), state }),
    });
    const { code } = (await res.json()) as { code: string };
    return { state, code };
  }

  let profileId = "";

  it("refuses a sam_user everywhere", async () => {
    await expect(createProfile({ db: t.db, actor: sampleUser }, { vendorId: "miro", displayName: "X", reclaimEnabled: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(startOAuthConnection({ db: t.db, actor: sampleUser }, { aliasId: DOWNLOAD, name: "x", clientId: "1", clientSecret: "2" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("creates a Draft on the vendor's aliases; the Display Name is unique whatever its case", async () => {
    ({ id: profileId } = await createProfile({ db: t.db, actor: integrator }, { vendorId: "miro", displayName: "Miro Enterprise Integration", reclaimEnabled: true }));
    const p = await getProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect(p).toMatchObject({ status: "draft", profileType: "miro_enterprise_subscription", downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM });
    await expect(createProfile({ db: t.db, actor: integrator }, { vendorId: "miro", displayName: "miro enterprise INTEGRATION", reclaimEnabled: true })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { displayName: [expect.stringContaining("Display Name")] },
    });
  });

  it("Publish is refused before a successful validation", async () => {
    await expect(publishProfile({ db: t.db, actor: integrator }, { id: profileId })).rejects.toMatchObject({ code: "conflict" });
  });

  it("connects through OAuth with a single-use state bound to the person", async () => {
    const first = await connectOAuth(DOWNLOAD);
    // Someone else cannot use this person's state, and the attempt does not spend it.
    const stolen = await completeOAuth({ db: t.db, actor: other }, { vendorId: "miro", query: first });
    expect(stolen.ok).toBe(false);
    expect(stolen.message).toMatch(/started by someone else/);
    const done = await completeOAuth({ db: t.db, actor: integrator }, { vendorId: "miro", query: first });
    expect(done).toMatchObject({ ok: true });
    expect(done.message).toContain(sim.state.demo.orgName);
    const replay = await completeOAuth({ db: t.db, actor: integrator }, { vendorId: "miro", query: first });
    expect(replay.ok).toBe(false);
    const [active] = await t.db.select().from(connections).where(and(eq(connections.aliasId, DOWNLOAD), eq(connections.status, "active")));
    expect(active?.accessTokenEnc).toMatch(/^v1\./);
    expect(active?.clientSecretEnc).not.toContain(sim.state.demo.clientSecret);
    expect(active?.tokenContext.organizationId).toBe(sim.state.demo.orgId);
  });

  it("validates and publishes: models, one rule per model, free exclusions and the daily job; twice is harmless", async () => {
    await createApiTokenConnection({ db: t.db, actor: integrator }, { aliasId: RECLAIM, name: "Miro Enterprise SCIM", apiToken: sim.state.demo.scimToken });
    const result = await validateProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.key, c.ok])).toEqual([
      ["token", true],
      ["token_context", true],
      ["organization", true],
      ["members_first_page", true],
      ["scim_users", true],
    ]);
    await publishProfile({ db: t.db, actor: integrator }, { id: profileId });
    await publishProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect((await getProfile({ db: t.db, actor: integrator }, { id: profileId })).status).toBe("published");
    const models = await t.db.select().from(softwareModels);
    expect(models.map((m) => m.displayName).sort()).toEqual(
      ["Advanced", "Basic", "Full", "Full (Trial)", "Occasional", "Standard"].map((e) => `Miro Enterprise — ${e}`).sort(),
    );
    expect((await t.db.select({ n: count() }).from(reclamationRules))[0]?.n).toBe(6);
    const rules = await t.db.select().from(reclamationRules);
    expect(rules.every((r) => r.lastActivityThresholdDays === 60 && r.gracePeriodDays === 30 && r.active)).toBe(true);
    const exclusions = await t.db.select().from(subscriptionIdentifierExclusionRules);
    expect(exclusions.map((e) => e.identifier).sort()).toEqual(["free", "free_restricted"]);
    const jobs = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.profileId, profileId));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "SAM - Refresh Miro Enterprise Integration Subscriptions", kind: "download_subscriptions", cron: "0 2 * * *" });
  });

  it("a wrong SCIM token fails only the reclaim check", async () => {
    await fetch(`${sim.url}/__sim/scim-token/regenerate`, { method: "POST" });
    // A new connection on the reclaim alias sends the profile back to Draft; validation says why.
    await createApiTokenConnection({ db: t.db, actor: integrator }, { aliasId: RECLAIM, name: "Miro Enterprise SCIM", apiToken: `${sim.state.demo.scimToken}x` });
    expect((await getProfile({ db: t.db, actor: integrator }, { id: profileId })).status).toBe("draft");
    const result = await validateProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect(result.ok).toBe(true);
    expect(result.checks.find((c) => c.key === "scim_users")?.ok).toBe(false);
    await publishProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect((await getProfile({ db: t.db, actor: integrator }, { id: profileId })).status).toBe("published");
  });

  it("renaming renames the daily job; pointing at a child alias sends a published profile back to Draft", async () => {
    const child = await createChildAlias({ db: t.db, actor: integrator }, { parentAliasId: DOWNLOAD, name: "Europe" });
    expect(child.id).toBe(`${DOWNLOAD}_Europe`);
    await expect(createChildAlias({ db: t.db, actor: integrator }, { parentAliasId: child.id, name: "Deeper" })).rejects.toMatchObject({ code: "invalid_input" });
    const base = { id: profileId, reclaimEnabled: true, removalGuardPercent: 25, reclaimConnectionAliasId: RECLAIM };
    const renamed = await updateProfile({ db: t.db, actor: integrator }, { ...base, displayName: "Miro EU", downloadConnectionAliasId: DOWNLOAD });
    expect(renamed.backToDraft).toBe(false);
    expect((await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.profileId, profileId)))[0]?.name).toBe("SAM - Refresh Miro EU Subscriptions");
    const moved = await updateProfile({ db: t.db, actor: integrator }, { ...base, displayName: "Miro EU", downloadConnectionAliasId: child.id });
    expect(moved.backToDraft).toBe(true);
    const p = await getProfile({ db: t.db, actor: integrator }, { id: profileId });
    expect(p.status).toBe("draft");
    expect(p.removalGuardPercent).toBe(25);
    expect(p.lastValidationResult).toBeNull();
    await expect(updateProfile({ db: t.db, actor: integrator }, { ...base, displayName: "Miro EU", downloadConnectionAliasId: RECLAIM })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("delete removes subscriptions and jobs, closes open candidates as Closed Skipped, keeps rules and models", async () => {
    const [sub] = await t.db
      .insert(softwareSubscriptions)
      .values({ profileId, externalUserId: "3074457351000000001", userPrincipalName: "a@x.example", subscriptionIdentifier: "full" })
      .returning();
    const [candidate] = await t.db
      .insert(removalCandidates)
      .values({ subscriptionId: sub!.id, profileId, userPrincipalName: "a@x.example", reason: "Inactive for 90 days", state: "ready" })
      .returning();
    await deleteProfile({ db: t.db, actor: integrator }, { id: profileId });
    await expect(getProfile({ db: t.db, actor: integrator }, { id: profileId })).rejects.toMatchObject({ code: "not_found" });
    expect(await t.db.select().from(softwareSubscriptions).where(eq(softwareSubscriptions.profileId, profileId))).toHaveLength(0);
    expect(await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.profileId, profileId))).toHaveLength(0);
    const [closed] = await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, candidate!.id));
    expect(closed?.state).toBe("closed_skipped");
    expect(closed?.closedAt).not.toBeNull();
    expect((await t.db.select({ n: count() }).from(reclamationRules))[0]?.n).toBe(6);
    expect((await t.db.select({ n: count() }).from(softwareModels))[0]?.n).toBe(6);
    expect(await t.db.select().from(integrationProfiles)).toHaveLength(0);
  });
});
