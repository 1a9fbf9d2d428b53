import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"));
// forbidden() is Next's experimental auth interrupt: next.config.ts turns it on for the app.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

import { personActor } from "@/lib/auth/actor";
import { requirePageActor, requirePermission } from "@/lib/auth/session";
import { users } from "@/lib/db/schema";
import { ACCESS_DENIED, auditDenial } from "@/lib/services/audit/audit-denial";
import { signInAs, useAsAppDb } from "../helpers/fake-auth";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { auditSince, lastAuditId } from "./edge-harness";

/*
 * Item 11's "every denial is audited", at the three edges' two checks: requirePermission (server
 * actions, route handlers) and requirePageActor (pages). The roles matrix shows it per action; this
 * file shows the cases around it: pages, no session, and an audit that cannot be written.
 */
let t: TestDb;
let userId: string;

beforeAll(async () => {
  t = await createTestDb("postgres");
  useAsAppDb(t);
  const [viewer] = await t.db.insert(users).values({ email: "viewer@example.com", name: "Viewer", passwordHash: "x", roles: ["sam_user"] }).returning();
  userId = viewer!.id;
});
afterAll(() => t?.dispose());

describe("a refusal at the edge is audited", () => {
  it("requirePermission: the refusal, and one row naming the person, the permission and what they tried", async () => {
    signInAs(userId);
    const since = await lastAuditId(t.db);
    await expect(requirePermission("users:manage", "create people")).rejects.toMatchObject({ code: "forbidden" });
    const rows = await auditSince(t.db, since);
    expect(rows).toMatchObject([
      {
        action: ACCESS_DENIED,
        actorId: userId,
        actorLabel: "viewer@example.com",
        entityType: "permission",
        entityId: "users:manage",
        summary: "viewer@example.com was refused: create people needs the users:manage permission.",
        after: { permission: "users:manage", what: "create people", roles: ["sam_user"] },
      },
    ]);
  });

  it("requirePageActor: the 403 page (Next's forbidden interrupt), and one row", async () => {
    signInAs(userId);
    const since = await lastAuditId(t.db);
    await expect(requirePageActor("users:manage")).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    expect(await auditSince(t.db, since)).toMatchObject([{ action: ACCESS_DENIED, actorId: userId, entityId: "users:manage", after: { what: "open this page" } }]);
    // What the person may do is not audited.
    await expect(requirePageActor("workspace:view")).resolves.toMatchObject({ id: userId });
    expect(await auditSince(t.db, since)).toHaveLength(1);
  });

  it("no session: sign in again (or the sign-in page), and no row, there being nobody to record", async () => {
    signInAs(null);
    const since = await lastAuditId(t.db);
    await expect(requirePermission("users:manage", "create people")).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(requirePageActor("users:manage")).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*;\/sign-in;/) });
    // A session of an account that no longer exists is the same: nobody signed in.
    signInAs(randomUUID());
    await expect(requirePermission("users:manage", "create people")).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await auditSince(t.db, since)).toEqual([]);
  });
});

describe("an audit that cannot be written does not undo the refusal", () => {
  it("auditDenial logs the failure and resolves (a person unknown to the database breaks the row's reference)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const since = await lastAuditId(t.db);
    const ghost = personActor({ id: randomUUID(), email: "ghost@example.com", roles: ["sam_user"] });
    await expect(auditDenial(async () => t.db, ghost, "users:manage", "create people")).resolves.toBeUndefined();
    await expect(auditDenial(() => Promise.reject(new Error("no database")), ghost, "users:manage", "create people")).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledTimes(2);
    expect(String(log.mock.calls[0]![0])).toMatch(/could not record a refusal; the refusal stands/);
    expect(await auditSince(t.db, since)).toEqual([]);
    log.mockRestore();
  });

  it("requirePermission and requirePageActor still refuse while the audit table cannot be written", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    signInAs(userId);
    await t.db.execute(sql`alter table audit_log rename to audit_log_away`);
    try {
      await expect(requirePermission("users:manage", "create people")).rejects.toMatchObject({ code: "forbidden" });
      await expect(requirePageActor("users:manage")).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    } finally {
      await t.db.execute(sql`alter table audit_log_away rename to audit_log`);
    }
    expect(log).toHaveBeenCalledTimes(2);
    log.mockRestore();
  });
});
