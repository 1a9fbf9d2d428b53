import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The reclaim service decrypts the API token with the environment's key.
process.env.OPENSAM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

import { jobActor, personActor } from "@/lib/auth/actor";
import { auditLog, users, connectionAliases, connections, integrationProfiles, jobResults, scheduledJobs, softwareSubscriptions } from "@/lib/db/schema";
import { registerAdapter } from "@/lib/integrations/registry";
import { encryptSecret } from "@/lib/security/secrets";
import { runDownload } from "@/lib/services/downloads/run-download";
import { reclaimMember } from "@/lib/services/reclaim/reclaim-member";
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
  afterAll(() => t?.dispose());

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

  it("reclaims an inactive member through the real reclaim service: re-read, deactivate, verify", async () => {
    org.calls.length = 0;
    const target = org.members[1]!;
    const outcome = await reclaimMember({ db: t.db, actor: user }, { subscriptionId: (await subscriptionOf(target.id)).id, thresholdDays: 60 });
    expect(outcome.outcome).toBe("reclaimed");
    expect(org.calls).toEqual([`read ${target.id}`, `deactivate ${target.id}`, `read ${target.id}`]);
    expect(target.active).toBe(false);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "subscription.reclaim.reclaimed"));
    expect(audit).toHaveLength(1);
    target.active = true;
  });

  it("leaves a member with recent activity untouched, and refuses a person without the permission", async () => {
    org.calls.length = 0;
    const recent = org.members[20]!;
    const subscriptionId = (await subscriptionOf(recent.id)).id;
    const outcome = await reclaimMember({ db: t.db, actor: jobActor("test", null, "Test") }, { subscriptionId, thresholdDays: 60 });
    expect(outcome.outcome).toBe("activity_detected");
    expect(org.calls).toEqual([`read ${recent.id}`]);
    const nobody = personActor({ id: user.id, email: "nobody@example.com", roles: [] });
    await expect(reclaimMember({ db: t.db, actor: nobody }, { subscriptionId, thresholdDays: 60 })).rejects.toMatchObject({ code: "forbidden" });
    expect(org.calls).toEqual([`read ${recent.id}`]);
  });
});
