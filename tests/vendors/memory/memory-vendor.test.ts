import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The reclaim service decrypts the API token with the environment's key.
process.env.OPENSAM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

import { jobActor, personActor } from "@/lib/auth/actor";
import {
  auditLog,
  connectionAliases,
  connections,
  integrationProfiles,
  jobResults,
  reclamationRules,
  removalCandidates,
  scheduledJobs,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifiers,
  users,
} from "@/lib/db/schema";
import { registerAdapter } from "@/lib/integrations/registry";
import { encryptSecret } from "@/lib/security/secrets";
import { runDownload } from "@/lib/services/downloads/run-download";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { generateCandidates } from "@/lib/services/reclamation/generate-candidates";
import { requestReclaim } from "@/lib/services/reclamation/request-reclaim";
import { runReclaim } from "@/lib/services/reclamation/run-reclaim";
import { createTestDb, ENGINES, type TestDb } from "../../helpers/test-db";
import { memoryAdapter, type MemoryOrg } from "./adapter";

const DAY = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const newOrg = (): MemoryOrg => ({
  pageSize: 7,
  calls: [],
  members: Array.from({ length: 30 }, (_, i) => ({
    id: `u${String(i).padStart(3, "0")}`,
    email: `user${i}@memory.example`,
    plan: i % 5 === 0 ? "free" : "pro",
    active: true,
    lastSeen: i < 10 ? iso(200) : iso(2),
    since: iso(400),
  })),
});
let org = newOrg();
registerAdapter(memoryAdapter(() => org));
const key = process.env.OPENSAM_ENCRYPTION_KEY!;
const user = personActor({ id: "00000000-0000-4000-8000-000000000001", email: "user@example.com", name: "User", roles: ["sam_user"] });

describe.each(ENGINES)("a vendor that is one folder (tests/vendors/memory) on %s", (engine) => {
  let t: TestDb;
  let profileId: string;
  let jobId: string;
  const subscriptionOf = async (externalUserId: string) =>
    (await t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), eq(softwareSubscriptions.externalUserId, externalUserId))))[0]!;
  const download = async () => {
    const [run] = await t.db.insert(jobResults).values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date() }).returning();
    try {
      return await runDownload(t.db, { profileId, jobResultId: run!.id });
    } finally {
      // What the job engine does after the run.
      await t.db.update(jobResults).set({ state: "completed", endedAt: new Date() }).where(eq(jobResults.id, run!.id));
    }
  };

  beforeAll(async () => {
    t = await createTestDb(engine);
    await startJobEngine(t);
    org = newOrg();
    await t.db.insert(users).values({ id: user.id, email: user.email, name: user.name, roles: [...user.roles], passwordHash: "x" });
    await t.db.insert(connectionAliases).values([
      { id: "memory.Download", name: "Memory SaaS", kind: "oauth", vendorId: "memory" },
      { id: "memory.Reclaim", name: "Memory SaaS reclaim", kind: "api_token", vendorId: "memory" },
    ]);
    await t.db.insert(connections).values([
      { aliasId: "memory.Download", name: "Memory SaaS", status: "active", clientId: "c", redirectUrl: "http://127.0.0.1/cb", clientSecretEnc: encryptSecret("s", key), accessTokenEnc: encryptSecret("memory-token", key) },
      { aliasId: "memory.Reclaim", name: "Memory SaaS reclaim", status: "active", apiTokenEnc: encryptSecret("api-token", key) },
    ]);
    const [profile] = await t.db
      .insert(integrationProfiles)
      .values({ displayName: "Memory", status: "published", profileType: "memory_subscription", vendorId: "memory", downloadConnectionAliasId: "memory.Download", reclaimConnectionAliasId: "memory.Reclaim", settings: {}, publishedAt: new Date() })
      .returning();
    profileId = profile!.id;
    const [job] = await t.db.insert(scheduledJobs).values({ name: "SAM - Refresh Memory Subscriptions", kind: "download_subscriptions", profileId, cron: "0 2 * * *" }).returning();
    jobId = job!.id;
  });
  afterAll(async () => {
    if (t) await stopJobEngine(t);
    await t?.dispose();
  });

  it("downloads every member through the real run: created, then updated and swept", async () => {
    const first = await download();
    expect(first).toMatchObject({ membersRead: 30, created: 30, removed: 0, pages: 5 });
    const gone = org.members.pop()!;
    org.members[12]!.plan = "enterprise";
    const second = await download();
    expect(second).toMatchObject({ membersRead: 29, created: 0, updated: 1, removed: 1 });
    expect((await subscriptionOf(gone.id)).removedAt).not.toBeNull();
    expect((await subscriptionOf(org.members[12]!.id)).subscriptionIdentifier).toBe("enterprise");
    const current = await t.db.select().from(softwareSubscriptions).where(and(eq(softwareSubscriptions.profileId, profileId), isNull(softwareSubscriptions.removedAt)));
    expect(current).toHaveLength(29);
  });

  /** Reclaim as a person asks for it and the worker then runs it (the job id the request handed out). */
  const reclaim = async (candidateId: string) => {
    await requestReclaim({ db: t.db, actor: user }, { ids: [candidateId] });
    const [c] = await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, candidateId));
    await runReclaim({ db: t.db, jobId: c!.reclaimJobId!, willRetry: false, signal: new AbortController().signal, log: () => {} }, candidateId);
    return (await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, candidateId)))[0]!;
  };
  const candidateOf = async (externalUserId: string) =>
    (await t.db.select().from(removalCandidates).where(eq(removalCandidates.subscriptionId, (await subscriptionOf(externalUserId)).id)))[0]!;

  it("the rules make candidates of its inactive members, and the real reclaim re-reads, deactivates and verifies", async () => {
    const [model] = await t.db.insert(softwareModels).values({ displayName: "Memory Pro", publisher: "Memory", product: "Memory SaaS", source: "auto" }).returning();
    await t.db.insert(subscriptionIdentifiers).values({ profileType: "memory_subscription", identifier: "pro", softwareModelId: model!.id });
    await t.db.insert(reclamationRules).values({ name: "Memory Pro — unused for 60 days", softwareModelId: model!.id, profileId });
    await download();
    const outcome = await generateCandidates(t.db, jobActor("test", null, "Test"), { profileId });
    // Members 0-9 were last seen 200 days ago; every fifth is on the free plan (no model).
    expect(outcome.created).toBe(8);
    org.calls.length = 0;
    const target = org.members[1]!;
    const done = await reclaim((await candidateOf(target.id)).id);
    expect(done.state).toBe("closed_complete");
    expect(done.closeReason).toContain("Memory SaaS");
    expect(org.calls).toEqual([`read ${target.id}`, `deactivate ${target.id}`, `check ${target.id}`]);
    expect(target.active).toBe(false);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "removal_candidate.reclaim.closed_complete"));
    expect(audit).toHaveLength(1);
  });

  it("leaves a member active since untouched, and refuses a person without the permission", async () => {
    org.calls.length = 0;
    const back = org.members[2]!;
    back.lastSeen = iso(1);
    const done = await reclaim((await candidateOf(back.id)).id);
    expect(done.state).toBe("closed_canceled");
    expect(org.calls).toEqual([`read ${back.id}`]);
    const nobody = personActor({ id: user.id, email: "nobody@example.com", roles: [] });
    await expect(requestReclaim({ db: t.db, actor: nobody }, { ids: [(await candidateOf(org.members[3]!.id)).id] })).rejects.toMatchObject({ code: "forbidden" });
    expect(org.calls).toEqual([`read ${back.id}`]);
  });
});
