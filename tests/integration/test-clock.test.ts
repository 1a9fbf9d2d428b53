import "../helpers/test-env";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

delete process.env.OPENSAM_TEST_CLOCK;

// The session seam (tests/helpers/fake-auth.ts), for the route handler.
vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"));

import { personActor, type PersonActor } from "@/lib/auth/actor";
import { openDb, type DbHandle } from "@/lib/db/client";
import { auditLog, testClock, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { useAsAppDb } from "../helpers/fake-auth";
import { createTestDb, type TestDb } from "../helpers/test-db";

/*
 * The app's test clock (lib/clock/app-clock.ts): with OPENSAM_TEST_CLOCK off it is real time, the
 * table is not even read and nothing can set it; with it on, a sam_admin moves the date forward and
 * another connection (the worker is another process) sees the same date.
 */

const DAY = 86_400_000;
type ClockModule = typeof import("@/lib/clock/app-clock");
type RouteModule = typeof import("@/app/api/test-clock/route");

/** The clock and its route as a server started with or without the variable would load them (lib/env.ts parses once per module graph). */
async function loadWith(on: boolean): Promise<{ clock: ClockModule; route: RouteModule; signInAs: (id: string | null) => void }> {
  vi.resetModules();
  if (on) process.env.OPENSAM_TEST_CLOCK = "1";
  else delete process.env.OPENSAM_TEST_CLOCK;
  // The session seam as the reloaded route sees it (the mocked module is fake-auth itself).
  const { signInAs } = (await import("@/lib/auth/auth")) as unknown as typeof import("../helpers/fake-auth");
  return { clock: await import("@/lib/clock/app-clock"), route: await import("@/app/api/test-clock/route"), signInAs };
}

const post = (body: unknown) => new Request("http://localhost/api/test-clock", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let t: TestDb;
let other: DbHandle;
let admin: PersonActor;
let user: PersonActor;

beforeAll(async () => {
  t = await createTestDb("postgres");
  useAsAppDb(t);
  // A second connection pool on the same database, as the separate worker process has.
  other = await openDb({ databaseUrl: t.databaseUrl! });
  const person = async (email: string, roles: ("sam_admin" | "sam_user" | "sam_integrator")[]) => {
    const [row] = await t.db.insert(users).values({ email, name: email, passwordHash: "x", roles }).returning();
    return personActor(row!);
  };
  admin = await person("admin@example.com", ["sam_admin"]);
  user = await person("user@example.com", ["sam_user", "sam_integrator"]);
}, 60_000);
afterAll(async () => {
  await other?.close();
  await t?.dispose();
  delete process.env.OPENSAM_TEST_CLOCK;
});

describe("the environment variable", () => {
  const secrets = { AUTH_SECRET: "a".repeat(32), OPENSAM_ENCRYPTION_KEY: randomBytes(32).toString("base64") };
  it("is off by default, and refused under NODE_ENV=production unless OPENSAM_DEMO_IN_PRODUCTION=1", () => {
    expect(parseEnv({ NODE_ENV: "production", ...secrets }).OPENSAM_TEST_CLOCK).toBe(false);
    expect(() => parseEnv({ NODE_ENV: "production", OPENSAM_TEST_CLOCK: "1", ...secrets })).toThrow(/OPENSAM_TEST_CLOCK=1 is refused when NODE_ENV=production.*OPENSAM_DEMO_IN_PRODUCTION=1/);
    expect(parseEnv({ NODE_ENV: "production", OPENSAM_TEST_CLOCK: "1", OPENSAM_DEMO_IN_PRODUCTION: "1", ...secrets }).OPENSAM_TEST_CLOCK).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", OPENSAM_TEST_CLOCK: "1", ...secrets }).OPENSAM_TEST_CLOCK).toBe(true);
  });
});

describe("with OPENSAM_TEST_CLOCK off", () => {
  it("now is real time even with an offset stored, and the table is not read at all", async () => {
    const { clock } = await loadWith(false);
    await t.db.insert(testClock).values({ id: 1, offsetMs: 10 * DAY });
    expect(Math.abs((await clock.appNow(t.db)).getTime() - Date.now())).toBeLessThan(2_000);
    // With the table renamed away a read would fail: this call makes no query.
    await t.db.execute(sql`alter table test_clock rename to test_clock_away`);
    try {
      expect(Math.abs((await clock.appNow(t.db)).getTime() - Date.now())).toBeLessThan(2_000);
    } finally {
      await t.db.execute(sql`alter table test_clock_away rename to test_clock`);
    }
    await t.db.delete(testClock);
  });

  it("nobody can read or set it: the service refuses and the route answers 404, even to a sam_admin", async () => {
    const { clock, route, signInAs } = await loadWith(false);
    await expect(clock.setTestClock({ db: t.db, actor: admin }, { advanceDays: 8 })).rejects.toMatchObject({ code: "not_found" });
    await expect(clock.readTestClock({ db: t.db, actor: admin })).rejects.toMatchObject({ code: "not_found" });
    signInAs(admin.id);
    expect((await route.POST(post({ advanceDays: 8 }))).status).toBe(404);
    expect((await route.GET()).status).toBe(404);
    expect(await t.db.select().from(testClock)).toEqual([]);
  });
});

describe("with OPENSAM_TEST_CLOCK on", () => {
  it("a sam_admin moves the date forward; another connection's now moves with it; reset brings back real time", async () => {
    const { clock } = await loadWith(true);
    expect(Math.abs((await clock.appNow(other.db)).getTime() - Date.now())).toBeLessThan(2_000);
    const state = await clock.setTestClock({ db: t.db, actor: admin }, { advanceDays: 8 });
    expect(state.offsetMs).toBe(8 * DAY);
    expect((await clock.appNow(other.db)).getTime() - Date.now()).toBeGreaterThan(8 * DAY - 2_000);
    expect((await clock.appNow(other.db)).getTime() - Date.now()).toBeLessThan(8 * DAY + 2_000);
    // A second move adds to the first.
    expect((await clock.setTestClock({ db: t.db, actor: admin }, { advanceDays: 0.5 })).offsetMs).toBe(8.5 * DAY);
    expect((await clock.readTestClock({ db: other.db, actor: admin })).offsetMs).toBe(8.5 * DAY);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "test_clock.set")).orderBy(auditLog.id);
    expect(rows.map((r) => [r.actorId, r.after])).toEqual([
      [admin.id, { offsetMs: 8 * DAY }],
      [admin.id, { offsetMs: 8.5 * DAY }],
    ]);
    await clock.setTestClock({ db: t.db, actor: admin }, { reset: true });
    expect(Math.abs((await clock.appNow(other.db)).getTime() - Date.now())).toBeLessThan(2_000);
  });

  it("refuses anyone but a sam_admin, and input that is not one forward move or a reset", async () => {
    const { clock } = await loadWith(true);
    await expect(clock.setTestClock({ db: t.db, actor: user }, { advanceDays: 8 })).rejects.toMatchObject({ code: "forbidden" });
    for (const bad of [{}, { advanceDays: -1 }, { advanceDays: 0 }, { advanceDays: "8" }, { advanceDays: 8, reset: true }, { reset: false }, { advanceDays: 99_999 }]) {
      await expect(clock.setTestClock({ db: t.db, actor: admin }, bad), JSON.stringify(bad)).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect((await clock.readTestClock({ db: t.db, actor: admin })).offsetMs).toBe(0);
  });

  it("the route: a sam_admin's JSON POST moves it and GET reads it; a sam_user gets 403, no session 401, a form post 400", async () => {
    const { route, signInAs } = await loadWith(true);
    signInAs(admin.id);
    const moved = await route.POST(post({ advanceDays: 2 }));
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ offsetMs: 2 * DAY });
    expect(await (await route.GET()).json()).toMatchObject({ offsetMs: 2 * DAY });
    const form = await route.POST(new Request("http://localhost/api/test-clock", { method: "POST", headers: { "content-type": "text/plain" }, body: '{"advanceDays":5}' }));
    expect(form.status).toBe(400);
    expect((await route.POST(post({ advanceDays: "lots" }))).status).toBe(400);
    signInAs(user.id);
    expect((await route.POST(post({ advanceDays: 5 }))).status).toBe(403);
    signInAs(null);
    expect((await route.POST(post({ advanceDays: 5 }))).status).toBe(401);
    signInAs(admin.id);
    expect(await (await route.POST(post({ reset: true }))).json()).toMatchObject({ offsetMs: 0 });
  });
});
