import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobActor } from "@/lib/auth/actor";
import { connectionAliases, connections, oauthStates, users } from "@/lib/db/schema";
import { cleanUpExpired } from "@/lib/services/housekeeping/clean-up";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

const HOUR = 3_600_000;

describe.each(ENGINES)("daily clean-up (%s)", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  }, 60_000);
  afterAll(() => t?.dispose());

  it("deletes expired OAuth states and pending connections abandoned for a day, and nothing else", async () => {
    const [person] = await t.db.insert(users).values({ email: "i@example.com", name: "I", passwordHash: "x", roles: ["sam_integrator"] }).returning();
    await t.db.insert(connectionAliases).values({ id: "miro_spoke.Clean_up", name: "Clean up", vendorId: "miro", kind: "oauth" });
    const old = new Date(Date.now() - 30 * HOUR);
    const conn = (name: string, status: "pending" | "active", createdAt: Date) => ({ aliasId: "miro_spoke.Clean_up", name, status, clientId: "c", redirectUrl: "http://x/cb", clientSecretEnc: "enc", createdAt });
    const [abandoned, recent, active] = await t.db
      .insert(connections)
      .values([conn("abandoned", "pending", old), conn("recent", "pending", new Date()), conn("active", "active", old)])
      .returning();
    const state = (connectionId: string, expiresAt: Date) => ({ stateHash: randomBytes(16).toString("hex"), userId: person!.id, connectionId, returnPath: "/", expiresAt });
    await t.db.insert(oauthStates).values([state(abandoned!.id, new Date(Date.now() - HOUR)), state(recent!.id, new Date(Date.now() + HOUR)), state(active!.id, new Date(Date.now() - 2 * HOUR))]);

    expect(await cleanUpExpired(t.db, jobActor("clean-up", null, "Clean up"))).toEqual({ oauthStates: 2, pendingConnections: 1 });
    const left = await t.db.select({ name: connections.name }).from(connections);
    expect(left.map((c) => c.name).sort()).toEqual(["active", "recent"]);
    expect(await t.db.select().from(oauthStates)).toHaveLength(1);
    expect(await cleanUpExpired(t.db, jobActor("clean-up", null, "Clean up"))).toEqual({ oauthStates: 0, pendingConnections: 0 });
  });
});
