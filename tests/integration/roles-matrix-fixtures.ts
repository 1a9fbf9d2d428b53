import { and, eq, isNull } from "drizzle-orm";
import { personActor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { connectionAliases, jobResults, reclamationRules, removalCandidates, scheduledJobs, subscriptionUserExclusionRules, users } from "@/lib/db/schema";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { updateReclamationRule } from "@/lib/services/reclamation/rules";
import { DAY, insertSubscriptions, MIRO_TYPE, seedModel } from "./lists-fixtures";
import { integrationProfiles } from "@/lib/db/schema";
import { afterAll, beforeAll } from "vitest";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { useAsAppDb } from "../helpers/fake-auth";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { type CallerIds, createCallers } from "./edge-harness";

/*
 * The rows a valid call of each covered action needs, written directly, and each covered action's
 * valid input. An action missing here is still in the matrix (refusals, and an allowed caller's
 * empty input); only its success is not shown. Left out, and why:
 *  - validate/publish profile, start OAuth: they talk to the vendor (covered by the Miro e2e and
 *    integration tests);
 *  - confirm removals, restore, decide approval: they need a download run or a candidate in a
 *    state only a run reaches (covered by download-run and reclamation-reclaim tests);
 *  - Reclaim All: Reclaim is covered here, and the filter it adds by the hostile-input test.
 */

const DOWNLOAD = "miro_spoke.Miro_Enterprise";
const RECLAIM = "miro_spoke.Miro_Enterprise_SCIM";
const SPARE_ALIAS = "miro_spoke.Matrix_SCIM";

export type ValidFixtures = {
  profileId: string;
  editableProfileId: string;
  spareProfileId: string;
  modelId: string;
  ruleId: string;
  candidateIds: string[];
  userRuleId: string;
  personId: string;
  downloadJobId: string;
};

export async function createValidFixtures(db: Db): Promise<ValidFixtures> {
  await ensureVendorAliases(db);
  // A child of the SCIM alias that no profile uses: a token stored on it sends no profile back to Draft.
  await db.insert(connectionAliases).values({ id: SPARE_ALIAS, name: "Spare SCIM", vendorId: "miro", kind: "api_token", parentAliasId: RECLAIM });
  const profile = async (displayName: string) =>
    (await db.insert(integrationProfiles).values({ displayName, profileType: MIRO_TYPE, vendorId: "miro", downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM }).returning())[0]!;
  const main = await profile("Miro");
  // Run Now and Reclaim act on a published profile with a recent successful download.
  await db.update(integrationProfiles).set({ status: "published", publishedAt: new Date() }).where(eq(integrationProfiles.id, main.id));
  const editable = await profile("Editable");
  const spare = await profile("Spare");
  const model = await seedModel(db, "Miro Enterprise — Full", "full");
  const [rule] = await db.insert(reclamationRules).values({ name: "Unused Full", softwareModelId: model.id, profileId: main.id }).returning();
  const now = Date.now();
  await insertSubscriptions(
    db,
    [200, 300, 400, 500].map((days, i) => ({
      profileId: main.id,
      softwareModelId: model.id,
      subscriptionIdentifier: "full",
      externalUserId: String(i),
      userPrincipalName: `p${i}@example.com`,
      lastActivityAt: new Date(now - days * DAY),
      subscriptionAssignedAt: new Date(now - 600 * DAY),
    })),
  );
  const [admin] = await db.insert(users).values({ email: "fixtures@example.com", name: "Fixtures", passwordHash: "x", roles: ["sam_admin"] }).returning();
  // Candidates are made the way the product makes them: saving the rule evaluates it.
  await updateReclamationRule(
    { db, actor: personActor(admin!) },
    { id: rule!.id, name: "Unused Full", active: true, lastActivityThresholdDays: 60, gracePeriodDays: 0, notifyUser: false, createCandidates: true },
  );
  const candidates = await db.select({ id: removalCandidates.id }).from(removalCandidates).where(eq(removalCandidates.state, "ready")).orderBy(removalCandidates.number);
  if (candidates.length < 3) throw new Error(`the fixtures need 3 Ready candidates, the rule made ${candidates.length}`);
  const [userRule] = await db.insert(subscriptionUserExclusionRules).values({ userPrincipalName: "svc@acme.example", reason: "robot" }).returning();
  const [person] = await db.insert(users).values({ email: "changed@example.com", name: "Changed", passwordHash: "x", roles: ["sam_user"] }).returning();
  const [job] = await db.insert(scheduledJobs).values({ name: "SAM - Refresh Miro Subscriptions", kind: "download_subscriptions", profileId: main.id, cron: "0 2 * * *" }).returning();
  await db.insert(jobResults).values({ jobId: job!.id, profileId: main.id, state: "completed", trigger: "schedule", startedAt: new Date(now - 60_000), endedAt: new Date(now - 1000) });
  const reconciliation = await db.select().from(scheduledJobs).where(and(eq(scheduledJobs.kind, "reconciliation"), isNull(scheduledJobs.profileId)));
  if (reconciliation.length === 0) await db.insert(scheduledJobs).values({ name: "SAM - Reconciliation", kind: "reconciliation", cron: "0 3 * * 0" });
  return {
    profileId: main.id,
    editableProfileId: editable.id,
    spareProfileId: spare.id,
    modelId: model.id,
    ruleId: rule!.id,
    candidateIds: candidates.map((c) => c.id),
    userRuleId: userRule!.id,
    personId: person!.id,
    downloadJobId: job!.id,
  };
}

type Input = (f: ValidFixtures) => Record<string, unknown>;

/** A valid input per covered action, keyed like the matrix (file#export). */
export const VALID_INPUTS: Record<string, Input> = {
  "app/(workspace)/admin/user-directory/actions.ts#createDirectoryUserAction": () => ({ name: "Ada Lovelace", email: "ada@example.com", department: "R&D", active: "on" }),
  "app/(workspace)/admin/user-directory/actions.ts#importDirectoryAction": () => ({ csv: "name,email\nGrace Hopper,grace@example.com\n", mode: "preview", fileName: "people.csv" }),
  "app/(workspace)/admin/users/actions.ts#createUserAction": () => ({ name: "New Person", email: "new.person@example.com", password: "a long enough password", roles: ["sam_user"] }),
  "app/(workspace)/admin/users/actions.ts#updateUserAction": (f) => ({ id: f.personId, roles: ["sam_user", "sam_integrator"], active: "on" }),
  "app/(workspace)/connections/actions.ts#createApiTokenAction": () => ({ aliasId: SPARE_ALIAS, name: "SCIM token", apiToken: "scim-token-for-the-matrix" }),
  "app/(workspace)/connections/actions.ts#createChildAliasAction": () => ({ parentAliasId: "miro_spoke.Miro_Enterprise", name: "Second org" }),
  "app/(workspace)/entitlements/actions.ts#saveEntitlementAction": (f) => ({ softwareModelId: f.modelId, purchasedRights: "10", unitCost: "12.00", currency: "eur", subscriptionPeriod: "annually", state: "in_use" }),
  "app/(workspace)/integration-profiles/actions.ts#createProfileAction": () => ({ vendorId: "miro", displayName: "Miro (second)", reclaimEnabled: "on" }),
  "app/(workspace)/integration-profiles/actions.ts#deleteProfileAction": (f) => ({ id: f.spareProfileId }),
  "app/(workspace)/integration-profiles/actions.ts#updateProfileAction": (f) => ({ id: f.editableProfileId, displayName: "Editable (renamed)", reclaimEnabled: "on", removalGuardPercent: "15", downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM }),
  "app/(workspace)/license-usage/actions.ts#runReconciliationAction": () => ({}),
  "app/(workspace)/reclamation-rules/actions.ts#previewNoticeAction": (f) => ({ id: f.ruleId, noticeSubject: "Your {{product}} license", noticeBody: "Hello {{name}}" }),
  "app/(workspace)/reclamation-rules/actions.ts#previewRuleAction": (f) => ({ id: f.ruleId, lastActivityThresholdDays: "90", gracePeriodDays: "0" }),
  "app/(workspace)/reclamation-rules/actions.ts#updateRuleAction": (f) => ({ id: f.ruleId, name: "Unused Full", active: "on", lastActivityThresholdDays: "60", gracePeriodDays: "0", createCandidates: "on" }),
  "app/(workspace)/removal-candidates/actions.ts#addWorkNoteAction": (f) => ({ id: f.candidateIds[0], text: "Asked the team lead." }),
  "app/(workspace)/removal-candidates/actions.ts#closeCandidateAction": (f) => ({ id: f.candidateIds[1], to: "closed_skipped", reason: "Needed for the audit." }),
  "app/(workspace)/removal-candidates/actions.ts#reclaimAction": (f) => ({ ids: [f.candidateIds[2]] }),
  "app/(workspace)/scheduled-jobs/actions.ts#executeNowAction": (f) => ({ scheduledJobId: f.downloadJobId }),
  "app/(workspace)/subscription-exclusions/actions.ts#createIdentifierExclusionAction": () => ({ profileType: MIRO_TYPE, identifier: "free", reason: "Free licenses cost nothing." }),
  "app/(workspace)/subscription-exclusions/actions.ts#createUserExclusionAction": () => ({ userPrincipalName: "bot@acme.example", reason: "A robot account." }),
  "app/(workspace)/subscription-exclusions/actions.ts#setExclusionRuleActiveAction": (f) => ({ kind: "user", id: f.userRuleId, active: "false" }),
  "app/(workspace)/unrecognized-identifiers/actions.ts#mapIdentifierAction": (f) => ({ profileType: MIRO_TYPE, identifier: "team", choice: "new", newModelName: "Miro Team", profileId: f.profileId }),
};

/**
 * The database of a test file that calls every server action, set up before its tests: the job
 * engine started (Run Now and Run reconciliation queue their run; no worker runs it), a caller of
 * each role, and the rows valid inputs need. Read its fields inside the tests.
 */
export function withActionsDb(): { t: TestDb; ids: CallerIds; fixtures: ValidFixtures } {
  const world = {} as { t: TestDb; ids: CallerIds; fixtures: ValidFixtures };
  beforeAll(async () => {
    world.t = await createTestDb("postgres");
    useAsAppDb(world.t);
    await startJobEngine(world.t);
    world.ids = await createCallers(world.t.db);
    world.fixtures = await createValidFixtures(world.t.db);
  }, 120_000);
  afterAll(async () => {
    if (world.t) await stopJobEngine(world.t);
    await world.t?.dispose();
  });
  return world;
}
