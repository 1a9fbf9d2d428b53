import "../helpers/test-env";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startMiroSimulator, type MiroSimulator, type MiroSimulatorOptions } from "@/e2e/miro-simulator/server";
import { personActor } from "@/lib/auth/actor";
import { seedDemoWorkspace } from "@/lib/demo/demo-workspace";
import { waitForRun } from "@/lib/demo/wait";
import { integrationProfiles, jobResults, scheduledJobs, users } from "@/lib/db/schema";
import { seedDemoPeople } from "@/lib/db/seed-demo";
import { startWorker, type JobWorker } from "@/lib/jobs/worker";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { requestRun } from "@/lib/services/jobs/request-run";
import { overviewFigures } from "@/lib/services/overview/overview-figures";
import { loadLicenseUsage } from "@/lib/services/reconciliation/license-usage";
import { simControl } from "../helpers/sim-control";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * README › Demo, item 5 of the entitlements issue: the demo's first start makes a workspace in use on
 * the simulator's second organization through the product's services (the Overview shows figures),
 * and after the simulator stops and starts again from its state file, Execute Now on that profile
 * still completes, its stored refresh token included.
 */

const REDIRECT = "http://localhost:3000/api/integrations/miro/oauth/callback";
/** The product reads Miro's base URLs once; every simulator of this file listens on the first one's port. */
let simPort = 0;

describe.each(ENGINES)("the demo workspace on %s", (engine) => {
  let dir: string;
  let options: MiroSimulatorOptions;
  let sim: MiroSimulator;
  let t: TestDb;
  let worker: JobWorker | undefined;
  const secondOrg = () => sim.orgs[1]!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "opensam-demo-"));
    options = {
      port: simPort,
      seed: 1,
      members: 200,
      rateLimit: false,
      redirectUris: [REDIRECT],
      extraOrgs: [{ seed: 2, members: 400, rateLimit: false, redirectUris: [REDIRECT] }],
      statePath: path.join(dir, "miro-simulator.json"),
    };
    sim = await startMiroSimulator(options);
    simPort = sim.port;
    options.port = simPort;
    process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
    process.env.MIRO_API_BASE_URL = sim.url;
    process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
    t = await createTestDb(engine);
    await ensureVendorAliases(t.db);
    await seedDemoPeople(t.db);
    worker = await startWorker(t, { pollingIntervalSeconds: 0.5, heartbeatSeconds: 1, schedule: false, log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop({ graceSeconds: 1 });
    await t?.dispose();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = async () => {
    const [row] = await t.db.select().from(users).where(eq(users.email, "admin@example.com"));
    return personActor(row!);
  };

  it("makes a published profile with candidates in several states, an entitlement and a reconciliation", async () => {
    const outcome = await seedDemoWorkspace(t.db, { simulatorUrl: sim.url, orgId: secondOrg().org.id });
    if (!outcome.seeded) throw new Error(outcome.reason);
    expect(outcome.profileName).toBe("Contoso Ltd");
    expect(outcome.subscriptions).toBe(400);
    expect(outcome.candidates.closed_skipped).toBe(1);
    expect(outcome.candidates.closed_complete).toBeGreaterThanOrEqual(2);
    expect(outcome.candidates.ready).toBeGreaterThan(5);
    // The first organization is left for connecting by hand: its base aliases hold no connection.
    const [profile] = await t.db.select().from(integrationProfiles).where(eq(integrationProfiles.displayName, "Contoso Ltd"));
    expect(profile?.status).toBe("published");
    expect(profile?.downloadConnectionAliasId).toBe("miro_spoke.Miro_Enterprise_Contoso");
    // Reclaimed through SCIM on the second organization, not the first.
    const deactivated = secondOrg().members.filter((m) => !m.active).length;
    expect(deactivated).toBeGreaterThan(0);

    const figures = await overviewFigures({ db: t.db, actor: await admin() });
    expect(figures.assigned).toBeGreaterThan(0);
    expect(figures.openCandidates).toBeGreaterThan(0);
    expect(figures.unusedPercent).toBeGreaterThan(0);
    expect(figures.spend?.currency).toBe("USD");
    expect(Number(figures.potentialSavings?.amount)).toBeGreaterThan(0);
    expect(Number(figures.actualSavingsYtd?.amount)).toBeGreaterThan(0);
    expect(figures.trueUpCost).not.toBeNull();
    expect(figures.health).toEqual([expect.objectContaining({ name: "Contoso Ltd", lastState: "completed", stale: false })]);
    const usage = await loadLicenseUsage({ db: t.db, actor: await admin() });
    expect(JSON.stringify(usage)).toContain("Miro Enterprise — Full");

    expect(await seedDemoWorkspace(t.db, { simulatorUrl: sim.url, orgId: secondOrg().org.id })).toEqual({ seeded: false, reason: "the profile Contoso Ltd exists already" });
  }, 240_000);

  it("Execute Now completes after the simulator stopped and started again from its file", async () => {
    await sim.close();
    // Let this process's HTTP clients see their kept-alive sockets to the old server closed (in the
    // demo the app restarts with the simulator; here it keeps running).
    await new Promise((r) => setTimeout(r, 500));
    sim = await startMiroSimulator(options);
    expect(sim.stateFile?.restored).toBe(true);
    // Two simulated hours later the stored access token is dead: the download must use the stored refresh token.
    await simControl(sim, "POST", `/orgs/${secondOrg().org.id}/clock`, { advanceSeconds: 7200 });
    const [job] = await t.db
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .innerJoin(integrationProfiles, eq(integrationProfiles.id, scheduledJobs.profileId))
      .where(and(eq(integrationProfiles.displayName, "Contoso Ltd"), eq(scheduledJobs.kind, "download_subscriptions")));
    const [integrator] = await t.db.select().from(users).where(eq(users.email, "integrator@example.com"));
    const { jobResultId } = await requestRun({ db: t.db, actor: personActor(integrator!) }, { scheduledJobId: job!.id, trigger: "manual" });
    const state = await waitForRun(t.db, jobResultId, 30_000).catch(async (error: unknown) => {
      const [run] = await t.db.select().from(jobResults).where(eq(jobResults.id, jobResultId));
      throw new Error(`${(error as Error).message} ${JSON.stringify(run)}`);
    });
    expect(state).toBe("completed");
    const refreshes = await simControl<{ status: number }[]>(sim, "GET", `/orgs/${secondOrg().org.id}/requests?path=/v1/oauth/token`);
    expect(refreshes.map((r) => r.status)).toContain(200);
  }, 180_000);
});
