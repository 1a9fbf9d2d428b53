import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { personActor, type PersonActor } from "../auth/actor";
import type { Db } from "../db/client";
import { integrationProfiles, removalCandidates, scheduledJobs, softwareSubscriptions, subscriptionIdentifiers, users, type RemovalCandidateState } from "../db/schema";
import { getAdapter } from "../integrations/registry";
import { completeOAuth } from "../services/connections/complete-oauth";
import { createApiTokenConnection } from "../services/connections/create-api-token-connection";
import { createChildAlias } from "../services/connections/create-child-alias";
import { startOAuthConnection } from "../services/connections/start-oauth-connection";
import type { ServiceContext } from "../services/context";
import { saveEntitlement } from "../services/entitlements/entitlements";
import { requestRun } from "../services/jobs/request-run";
import { createProfile } from "../services/profiles/create-profile";
import { publishProfile } from "../services/profiles/publish-profile";
import { updateProfile } from "../services/profiles/update-profile";
import { validateProfile } from "../services/profiles/validate-profile";
import { closeCandidate } from "../services/reclamation/close-candidate";
import { requestReclaim } from "../services/reclamation/request-reclaim";
import { DEMO_PEOPLE } from "../db/seed-demo";
import { approveOnSimulator } from "./simulator-consent";
import { waitFor, waitForRun } from "./wait";

/*
 * The demo's workspace in use (README › Demo): a second simulated Miro organization connected,
 * published, downloaded, with removal candidates in several states, an entitlement and a
 * reconciliation, made through the product's own service verbs as the demo people would make them
 * in the UI. The first simulated organization is left alone for "Connecting a real Miro
 * organization" by hand.
 */

const simState = z.object({
  org: z.object({ id: z.string(), name: z.string(), fullLicensesPurchased: z.number() }),
  credentials: z.object({ clientId: z.string(), clientSecret: z.string(), scimToken: z.string(), adminEmail: z.string(), adminPassword: z.string() }),
});

export type DemoWorkspaceOutcome =
  | { seeded: false; reason: string }
  | { seeded: true; profileName: string; subscriptions: number; candidates: Partial<Record<RemovalCandidateState, number>> };

/** The demo people (lib/db/seed-demo.ts) as the actors of the verbs, so the audit log names them. */
async function demoActors(db: Db): Promise<Record<"integrator" | "admin" | "user", PersonActor>> {
  const emails = DEMO_PEOPLE.map((p) => p.email);
  const rows = await db.select().from(users).where(inArray(users.email, emails));
  const actor = (role: "sam_integrator" | "sam_admin" | "sam_user") => {
    const row = rows.find((r) => r.roles.includes(role));
    if (!row) throw new Error(`the demo person with the role ${role} is missing.`);
    return personActor(row);
  };
  return { integrator: actor("sam_integrator"), admin: actor("sam_admin"), user: actor("sam_user") };
}

async function simulatorOrg(simulatorUrl: string, orgId: string) {
  const res = await fetch(new URL(`/__sim/orgs/${encodeURIComponent(orgId)}/state`, simulatorUrl));
  if (!res.ok) throw new Error(`the Miro simulator at ${simulatorUrl} has no organization ${orgId} (${res.status}).`);
  return simState.parse(await res.json());
}

/**
 * Idempotent: does nothing when a profile named after the organization exists already (a second
 * start, or a person who made one). Throws on the first step that fails, with the step in words.
 */
export async function seedDemoWorkspace(db: Db, input: { simulatorUrl: string; orgId: string }): Promise<DemoWorkspaceOutcome> {
  const org = await simulatorOrg(input.simulatorUrl, input.orgId);
  const profileName = org.org.name;
  const [existing] = await db.select({ id: integrationProfiles.id }).from(integrationProfiles).where(eq(integrationProfiles.displayName, profileName)).limit(1);
  if (existing) return { seeded: false, reason: `the profile ${profileName} exists already` };

  const people = await demoActors(db);
  const as = (actor: PersonActor): ServiceContext => ({ db, actor });
  const integrator = as(people.integrator);
  const adapter = getAdapter("miro");
  const suffix = profileName.replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ")[0] ?? "Demo";

  // Child aliases: the base aliases stay free for the first organization.
  const download = await createChildAlias(integrator, { parentAliasId: adapter.aliases.download.id, name: suffix });
  const reclaim = await createChildAlias(integrator, { parentAliasId: adapter.aliases.reclaim.id, name: suffix });
  const { id: profileId } = await createProfile(integrator, { vendorId: "miro", displayName: profileName, reclaimEnabled: true });
  await updateProfile(integrator, {
    id: profileId,
    displayName: profileName,
    reclaimEnabled: true,
    removalGuardPercent: 10,
    downloadConnectionAliasId: download.id,
    reclaimConnectionAliasId: reclaim.id,
  });

  const { authorizeUrl } = await startOAuthConnection(integrator, {
    aliasId: download.id,
    name: `Miro Enterprise (${profileName})`,
    clientId: org.credentials.clientId,
    clientSecret: org.credentials.clientSecret,
    returnTo: `/integration-profiles/${profileId}`,
  });
  const answer = await approveOnSimulator({ authorizeUrl, email: org.credentials.adminEmail, password: org.credentials.adminPassword });
  const oauth = await completeOAuth(integrator, { vendorId: "miro", query: answer });
  if (!oauth.ok) throw new Error(`the OAuth connection failed: ${oauth.message}`);
  await createApiTokenConnection(integrator, { aliasId: reclaim.id, name: `Miro Enterprise SCIM (${profileName})`, apiToken: org.credentials.scimToken });
  const validation = await validateProfile(integrator, { id: profileId });
  if (!validation.ok) throw new Error(`Validate Connection failed: ${validation.checks.filter((c) => !c.ok).map((c) => c.message).join(" ")}`);
  const { jobId } = await publishProfile(integrator, { id: profileId });

  // An entitlement before the first download, so the candidates it makes carry potential savings.
  // Rights as Miro reports them bought (the organization's full licenses purchased).
  const [full] = await db
    .select({ modelId: subscriptionIdentifiers.softwareModelId })
    .from(subscriptionIdentifiers)
    .where(and(eq(subscriptionIdentifiers.profileType, adapter.profileType.id), eq(subscriptionIdentifiers.identifier, "full")))
    .limit(1);
  if (!full) throw new Error("Publish created no software model for the full license.");
  const year = new Date().getUTCFullYear();
  await saveEntitlement(as(people.admin), {
    softwareModelId: full.modelId,
    displayName: `${profileName} — Miro Enterprise full licenses ${year}`,
    purchasedRights: org.org.fullLicensesPurchased,
    unitCost: "16.00",
    currency: "USD",
    subscriptionPeriod: "monthly",
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    vendor: "Miro",
    state: "in_use",
  });

  // The first run, as Publish starts it; the run ends by evaluating the reclamation rules.
  const download1 = await requestRun(integrator, { scheduledJobId: jobId, trigger: "publish" });
  const run = await waitForRun(db, download1.jobResultId, 5 * 60_000);
  if (run !== "completed" && run !== "completed_with_warnings") throw new Error(`the first download ended ${run}.`);

  await moveSomeCandidates(db, as(people.user), profileId);

  const [reconcile] = await db.select({ id: scheduledJobs.id }).from(scheduledJobs).where(eq(scheduledJobs.kind, "reconciliation")).limit(1);
  if (!reconcile) throw new Error("the workspace job SAM - Reconcile Subscriptions is missing.");
  const reconciliation = await requestRun(as(people.admin), { scheduledJobId: reconcile.id, trigger: "manual" });
  const reconciled = await waitForRun(db, reconciliation.jobResultId, 2 * 60_000);
  if (reconciled !== "completed") throw new Error(`the reconciliation ended ${reconciled}.`);

  const [subs] = await db.select({ n: sql<number>`count(*)::int` }).from(softwareSubscriptions).where(eq(softwareSubscriptions.profileId, profileId));
  const byState = await db
    .select({ state: removalCandidates.state, n: sql<number>`count(*)::int` })
    .from(removalCandidates)
    .where(eq(removalCandidates.profileId, profileId))
    .groupBy(removalCandidates.state);
  return { seeded: true, profileName, subscriptions: Number(subs?.n ?? 0), candidates: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])) };
}

/**
 * Candidates in several states, as a sam_user would leave them after a first look: two reclaimed
 * through SCIM (Closed Complete), one where Miro refuses (a Company Admin cannot be deactivated:
 * Attention Required, with Miro's words), one Closed Skipped, the rest Ready.
 */
async function moveSomeCandidates(db: Db, user: ServiceContext, profileId: string): Promise<void> {
  const open = await db
    .select({ id: removalCandidates.id, role: softwareSubscriptions.role })
    .from(removalCandidates)
    .innerJoin(softwareSubscriptions, eq(softwareSubscriptions.id, removalCandidates.subscriptionId))
    .where(and(eq(removalCandidates.profileId, profileId), eq(removalCandidates.state, "ready")))
    .orderBy(asc(removalCandidates.number));
  const ordinary = open.filter((c) => c.role === "organization_internal_user");
  const admin = open.find((c) => c.role === "organization_internal_admin");
  const [skip, ...rest] = ordinary;
  if (!skip) return;
  await closeCandidate(user, { id: skip.id, to: "closed_skipped", reason: "Keeps the license: runs the quarterly customer workshops on Miro." });
  const reclaim = [...rest.slice(0, 2).map((c) => c.id), ...(admin ? [admin.id] : [])];
  if (reclaim.length === 0) return;
  await requestReclaim(user, { ids: reclaim });
  await waitFor(
    async () => {
      const left = await db.select({ id: removalCandidates.id }).from(removalCandidates).where(and(inArray(removalCandidates.id, reclaim), eq(removalCandidates.state, "awaiting_revocation")));
      return left.length === 0;
    },
    2 * 60_000,
    "the reclaims to finish",
  );
}
