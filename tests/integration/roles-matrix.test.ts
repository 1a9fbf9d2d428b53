import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

process.env.OPENSAM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

/** The signed-in person of the next call; null is nobody signed in. The session is the only thing not real here. */
let signedIn: string | null = null;
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (signedIn ? { user: { id: signedIn } } : null),
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {},
}));

import { auditLog, users } from "@/lib/db/schema";
import type { Role } from "@/lib/db/schema/users";
import { can, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { createTestDb, type TestDb } from "../helpers/test-db";

/*
 * Hardening item 11: the roles matrix, generated. Every server action of the app (found by reading
 * app/ for actions.ts files, so a new one is in the table without editing this test) declares its
 * permission; each is called directly, as a request would, by a person with each role, with no
 * role, and signed out. A refusal is "forbidden" and writes exactly one access.denied audit row; an
 * allowed call is never refused (with an empty input it gets "Some fields need attention" or the
 * service's own answer). The deliberately public actions (sign-in, the Keep/Release page) are an
 * explicit list: an action outside it without a permission fails the test.
 */

const ROOT = process.cwd();
const PUBLIC_ACTION_FILES = new Set(["app/(auth)/sign-in/actions.ts", "app/(public)/respond/actions.ts"]);
const ROLES: readonly (Role | "no role")[] = ["sam_user", "sam_integrator", "sam_admin", "no role"];

type Action = ((prev: unknown, input: Record<string, unknown>) => Promise<{ ok: boolean; code?: string }>) & { permission?: Permission; what?: string };

function actionFiles(dir = path.join(ROOT, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return actionFiles(full);
    return e.name === "actions.ts" ? [path.relative(ROOT, full)] : [];
  });
}

const files = actionFiles();
// The public files are not loaded: sign-in's imports next-auth itself, which only runs inside Next.
const modules = await Promise.all(files.filter((f) => !PUBLIC_ACTION_FILES.has(f)).map(async (file) => [file, (await import(path.join(ROOT, file))) as Record<string, unknown>] as const));
const actions = modules.flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, v]) => typeof v === "function")
    .map(([name, fn]) => ({ file, name, fn: fn as Action })),
);
const guarded = actions;

describe("roles × every server action", () => {
  let t: TestDb;
  const people = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestDb("postgres");
    // The actions reach the database through getDb(), which reads DATABASE_URL on first use.
    process.env.DATABASE_URL = t.url!;
    for (const role of ROLES) {
      const roles = role === "no role" ? [] : [role];
      const [row] = await t.db.insert(users).values({ email: `${role.replace(" ", "-")}@matrix.example`, name: role, passwordHash: "x", roles }).returning();
      people.set(role, row!.id);
    }
  }, 60_000);
  afterAll(async () => {
    const { getDbHandle } = await import("@/lib/db");
    await (await getDbHandle()).close();
    await t?.dispose();
  });

  it("finds the actions, and every one outside the public files declares its permission", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.filter((f) => PUBLIC_ACTION_FILES.has(f)).sort()).toEqual([...PUBLIC_ACTION_FILES].sort());
    expect(guarded.length).toBeGreaterThanOrEqual(30);
    expect(guarded.filter((a) => !a.fn.permission || !(a.fn.permission in PERMISSIONS)).map((a) => `${a.file} ${a.name}`)).toEqual([]);
  });

  const denials = (userId: string, permission: Permission) =>
    t.db.$count(auditLog, and(eq(auditLog.action, "access.denied"), eq(auditLog.actorId, userId), eq(auditLog.entityId, permission)));

  describe.each(ROLES)("%s", (role) => {
    it.each(guarded.map((a) => [`${a.file} › ${a.name} (${a.fn.permission})`, a] as const))("%s", async (_label, a) => {
      const userId = people.get(role)!;
      const permission = a.fn.permission!;
      const allowed = role !== "no role" && can([role], permission);
      const before = await denials(userId, permission);
      signedIn = userId;
      const result = await a.fn(undefined, {});
      if (allowed) {
        expect(result.code, JSON.stringify(result)).not.toBe("forbidden");
        expect(await denials(userId, permission)).toBe(before);
      } else {
        expect(result).toMatchObject({ ok: false, code: "forbidden" });
        expect(await denials(userId, permission)).toBe(before + 1);
      }
    });
  });

  it.each(guarded.map((a) => [`${a.file} › ${a.name}`, a] as const))("signed out: %s asks to sign in", async (_label, a) => {
    signedIn = null;
    expect(await a.fn(undefined, {})).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  /*
   * Route handlers: each guarded one with the permission it checks first and a request whose answer
   * when allowed is known. ping and next-auth's own route are public by design; every other route
   * file must be in this table.
   */
  const ROUTES: { file: string; permission: Permission; call: () => Promise<Response>; allowedStatus: number }[] = [
    {
      file: "app/api/job-results/[id]/route.ts",
      permission: "workspace:view",
      call: async () => (await import(path.join(ROOT, "app/api/job-results/[id]/route.ts"))).GET(new Request("http://localhost/api/job-results/x"), { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) }),
      allowedStatus: 404,
    },
    {
      file: "app/api/lists/[list]/export/route.ts",
      permission: "lists:export",
      call: async () => (await import(path.join(ROOT, "app/api/lists/[list]/export/route.ts"))).GET(new Request("http://localhost/api/lists/integration-profiles/export"), { params: Promise.resolve({ list: "integration-profiles" }) }),
      allowedStatus: 200,
    },
    {
      file: "app/api/integrations/[vendor]/oauth/callback/route.ts",
      permission: "connections:manage",
      call: async () => (await import(path.join(ROOT, "app/api/integrations/[vendor]/oauth/callback/route.ts"))).GET(new Request("http://localhost/api/integrations/miro/oauth/callback?code=c"), { params: Promise.resolve({ vendor: "miro" }) }),
      // Allowed, with no state: back to Connections with the reason.
      allowedStatus: 303,
    },
  ];
  const PUBLIC_ROUTES = ["app/api/auth/[...nextauth]/route.ts", "app/api/ping/route.ts"];

  it("every route file is in the table or public by design", () => {
    const routes = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === "route.ts" ? [path.relative(ROOT, path.join(dir, e.name))] : []));
    })(path.join(ROOT, "app"));
    expect(routes.sort()).toEqual([...ROUTES.map((r) => r.file), ...PUBLIC_ROUTES].sort());
  });

  describe.each(ROLES)("%s, route handlers", (role) => {
    it.each(ROUTES.map((r) => [`${r.file} (${r.permission})`, r] as const))("%s", async (_label, r) => {
      const userId = people.get(role)!;
      const allowed = role !== "no role" && can([role], r.permission);
      const before = await denials(userId, r.permission);
      signedIn = userId;
      const response = await r.call();
      expect(response.status).toBe(allowed ? r.allowedStatus : 403);
      expect(await denials(userId, r.permission)).toBe(before + (allowed ? 0 : 1));
    });
  });
});
