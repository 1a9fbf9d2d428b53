import "../helpers/test-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The test clock's route exists only with the variable on (tests/integration/test-clock.test.ts checks it off).
process.env.OPENSAM_TEST_CLOCK = "1";

// The session seam (tests/helpers/fake-auth.ts); its stand-in for next-auth's own handlers is public.
vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"));

import type { Permission } from "@/lib/auth/permissions";
import { integrationProfiles } from "@/lib/db/schema";
import { LISTS } from "@/lib/lists/registry";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { useAsAppDb } from "../helpers/fake-auth";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { appPath, auditSince, type CallerIds, CALLERS, callerMay, expectDenialRow, lastAuditId, signInAsCaller, createCallers } from "./edge-harness";
import { MIRO_TYPE } from "./lists-fixtures";

/*
 * Item 11 for the route handlers: every HTTP method every app/api/** /route.ts exports × each
 * caller, called directly with a Request. A route's permissions are not attached to it as an
 * action's are, so they are named here; a method not named here fails the first test.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
const modules = import.meta.glob<Record<string, unknown>>("../../app/api/**/route.ts", { eager: true });
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** Deliberately without a session: liveness, next-auth's own sign-in endpoints, and a HEAD probe that must not spend an OAuth state. */
const PUBLIC_ROUTES = [
  "app/api/auth/[...nextauth]/route.ts#GET",
  "app/api/auth/[...nextauth]/route.ts#POST",
  "app/api/integrations/[vendor]/oauth/callback/route.ts#HEAD",
  "app/api/ping/route.ts#GET",
];

type RouteCase = {
  route: string;
  label: string;
  /** Every permission the call needs, checked in this order; the first one missing is the refusal. */
  permissions: Permission[];
  what: string[];
  url: string;
  params: Record<string, string>;
  /** No session: 401, or for a page-like route a redirect to sign in. */
  signedOut: (response: Response) => void;
};

const CASES: RouteCase[] = [
  {
    route: "app/api/job-results/[id]/route.ts#GET",
    label: "job result progress",
    permissions: ["workspace:view"],
    what: ["see job results"],
    url: "http://localhost/api/job-results/00000000-0000-4000-8000-000000000001",
    params: { id: "00000000-0000-4000-8000-000000000001" },
    signedOut: (r) => expect(r.status).toBe(401),
  },
  {
    route: "app/api/integrations/[vendor]/oauth/callback/route.ts#GET",
    label: "OAuth callback",
    permissions: ["connections:manage"],
    what: ["create connections"],
    url: "http://localhost/api/integrations/miro/oauth/callback?code=abc",
    params: { vendor: "miro" },
    signedOut: (r) => {
      expect(r.status).toBe(303);
      expect(r.headers.get("location")).toMatch(/^\/sign-in\?callbackUrl=/);
    },
  },
  ...(["GET", "POST"] as const).map((method) => ({
    route: `app/api/test-clock/route.ts#${method}`,
    label: `test clock ${method}`,
    permissions: ["test-clock:manage"] as Permission[],
    what: ["use the test clock"],
    url: "http://localhost/api/test-clock",
    params: {},
    signedOut: (r: Response) => expect(r.status).toBe(401),
  })),
  ...Object.entries(LISTS).map(([id, list]) => ({
    route: "app/api/lists/[list]/export/route.ts#GET",
    label: `export ${id}`,
    permissions: ["lists:export", list.permission] as Permission[],
    what: ["export lists", "see this list"],
    url: `http://localhost/api/lists/${id}/export`,
    params: { list: id },
    signedOut: (r: Response) => expect(r.status).toBe(401),
  })),
];

const MATRIX = CASES.flatMap((c) =>
  CALLERS.map((caller) => {
    const missing = c.permissions.findIndex((p) => !callerMay(caller, p));
    const expected = caller === "no session" ? "sign in" : missing === -1 ? "allowed" : "forbidden";
    return { c, caller, expected, missing };
  }),
);

let t: TestDb;
let ids: CallerIds;
let profileId: string;

beforeAll(async () => {
  t = await createTestDb("postgres");
  useAsAppDb(t);
  await ensureVendorAliases(t.db);
  ids = await createCallers(t.db);
  const [profile] = await t.db.insert(integrationProfiles).values({ displayName: "Miro", profileType: MIRO_TYPE, vendorId: "miro" }).returning();
  profileId = profile!.id;
}, 60_000);
afterAll(() => t?.dispose());

function handlerOf(route: string): Handler {
  const [file, method] = route.split("#") as [string, string];
  const key = Object.keys(modules).find((k) => appPath(k) === file);
  return modules[key!]![method] as Handler;
}

describe("the route handlers found", () => {
  it("are every HTTP method of every route file: each either has its permissions in this table or is public by name", () => {
    const found = Object.entries(modules).flatMap(([file, mod]) => METHODS.filter((m) => typeof mod[m] === "function").map((m) => `${appPath(file)}#${m}`));
    const named = new Set([...CASES.map((c) => c.route), ...PUBLIC_ROUTES]);
    expect(found.sort()).toEqual([...named].sort());
  });
});

describe("roles × route handlers", () => {
  it.each(MATRIX.map((m) => [m.c.label, m.caller, m.expected, m] as const))("%s as %s → %s", async (_label, caller, expected, { c, missing }) => {
    signInAsCaller(ids, caller);
    // A profile-scoped list export names its profile, as the list's Export link does.
    const url = c.params.list?.startsWith("profile-") ? `${c.url}?profile=${profileId}` : c.url;
    const since = await lastAuditId(t.db);
    const response = await handlerOf(c.route)(new Request(url), { params: Promise.resolve(c.params) });
    // The whole body is read: a CSV export fails while it streams, after its 200.
    const body = await response.text();
    const rows = await auditSince(t.db, since);
    if (expected === "sign in") {
      c.signedOut(response);
      expect(rows).toEqual([]);
    } else if (expected === "forbidden") {
      expect(response.status).toBe(403);
      expect(body).toContain(`You do not have permission to ${c.what[missing]}`);
      expectDenialRow(rows, ids[caller as keyof CallerIds], c.permissions[missing]!, c.what[missing]!, {});
    } else {
      expect([401, 403, 500]).not.toContain(response.status);
      expect(rows.filter((r) => r.action === "access.denied")).toEqual([]);
    }
  });

  it("an allowed call answers what it is for: a job result that does not exist is a 404, an OAuth callback without state goes back to Connections, a list is a CSV, the test clock moves", async () => {
    signInAsCaller(ids, "sam_admin");
    const progress = await handlerOf("app/api/job-results/[id]/route.ts#GET")(new Request("http://localhost/api/job-results/x"), { params: Promise.resolve({ id: randomUUID() }) });
    expect(progress.status).toBe(404);
    signInAsCaller(ids, "sam_integrator");
    const callback = await handlerOf("app/api/integrations/[vendor]/oauth/callback/route.ts#GET")(new Request("http://localhost/api/integrations/miro/oauth/callback?code=abc"), { params: Promise.resolve({ vendor: "miro" }) });
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/connections?oauth_error=no_state");
    signInAsCaller(ids, "sam_admin");
    const csv = await handlerOf("app/api/lists/[list]/export/route.ts#GET")(new Request("http://localhost/api/lists/users/export"), { params: Promise.resolve({ list: "users" }) });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toContain("admin@example.com");
    const clock = handlerOf("app/api/test-clock/route.ts#POST");
    const post = (body: unknown) => clock(new Request("http://localhost/api/test-clock", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    expect(await (await post({ advanceDays: 1 })).json()).toMatchObject({ offsetMs: 86_400_000 });
    expect(await (await post({ reset: true })).json()).toMatchObject({ offsetMs: 0 });
  });
});
