import "../helpers/test-env";
import { describe, expect, it, vi } from "vitest";

// The session seam: next-auth's auth() answers the person the test names (tests/helpers/fake-auth.ts).
vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"));
// The sign-in action imports next-auth's error class only; next-auth itself does not load under vitest.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
// revalidatePath needs Next's request store; a direct call has none, and caching is not under test.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import {
  auditSince,
  type CallerIds,
  CALLERS,
  callAction,
  callerMay,
  definedActions,
  expectDenialRow,
  lastAuditId,
  roleWith,
  signInAsCaller,
  undefinedExports,
} from "./edge-harness";
import { withActionsDb, VALID_INPUTS } from "./roles-matrix-fixtures";

/*
 * Item 11 of the hardening issue: the permission table × every server action × each caller, called
 * directly (not through the UI). The actions are found by a glob, so a new actions file joins the
 * table by itself; its permission is read from the action (defineAction attaches it).
 */
const modules = import.meta.glob<Record<string, unknown>>("../../app/**/actions.ts", { eager: true });
const ACTIONS = definedActions(modules);

/** Deliberately without a session: the sign-in form and the public Keep/Release page (its link's token is the credential). */
const PUBLIC_ACTIONS = ["app/(auth)/sign-in/actions.ts#signInAction", "app/(public)/respond/actions.ts#answerAction"];

const MATRIX = ACTIONS.flatMap((action) =>
  CALLERS.map((caller) => ({
    action,
    caller,
    expected: caller === "no session" ? ("sign in" as const) : callerMay(caller, action.permission) ? ("allowed" as const) : ("forbidden" as const),
  })),
);

const world = withActionsDb();

describe("the actions found", () => {
  it("are every export of every actions module, except the public ones named in the allow-list", () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(13);
    expect(undefinedExports(modules)).toEqual([...PUBLIC_ACTIONS].sort());
  });

  it("each name a permission of the table and what the person tried", () => {
    for (const a of ACTIONS) {
      expect(Object.keys(PERMISSIONS)).toContain(a.permission);
      expect(a.what.length).toBeGreaterThan(3);
    }
    expect(ACTIONS.length).toBeGreaterThanOrEqual(28);
  });
});

const COVERED = ACTIONS.filter((a) => a.id in VALID_INPUTS);

describe("roles × server actions, a valid input succeeds for a role that holds the permission", () => {
  it.each(COVERED.map((a) => [a.id, roleWith(a.permission), a] as const))("%s as %s", async (id, role, action) => {
    signInAsCaller(world.ids, role);
    const input = VALID_INPUTS[id]!(world.fixtures);
    const outcome = await callAction(action.fn, input);
    if (outcome.kind === "result") expect(outcome.result, JSON.stringify(outcome.result)).toMatchObject({ ok: true });
    else expect(outcome.to).toMatch(/^\/|^https?:\/\//);
  });

  it("and the same valid input is refused, with its audit row and nothing of the input in it, for a caller without the permission", async () => {
    for (const action of COVERED) {
      const caller = (["no role", "sam_user", "sam_integrator", "sam_admin"] as const).find((c) => !callerMay(c, action.permission));
      if (!caller) continue;
      signInAsCaller(world.ids, caller);
      const input = VALID_INPUTS[action.id]!(world.fixtures);
      const since = await lastAuditId(world.t.db);
      expect(await callAction(action.fn, input), action.id).toMatchObject({ kind: "result", result: { ok: false, code: "forbidden" } });
      expectDenialRow(await auditSince(world.t.db, since), world.ids[caller], action.permission as Permission, action.what, input);
    }
  });

  it("covers these actions with a valid input (the others are checked above only as far as their input check)", () => {
    expect(COVERED.map((a) => a.id)).toEqual(Object.keys(VALID_INPUTS).sort());
  });
});

// After the valid inputs: an empty input then meets their rows (a run already open is a conflict, not a refusal).
describe("roles × server actions, empty input", () => {
  it.each(MATRIX.map((m) => [m.action.id, m.caller, m.expected, m] as const))("%s as %s → %s", async (_id, caller, expected, { action }) => {
    signInAsCaller(world.ids, caller);
    const since = await lastAuditId(world.t.db);
    const outcome = await callAction(action.fn, {});
    const rows = await auditSince(world.t.db, since);
    if (expected === "sign in") {
      expect(outcome).toMatchObject({ kind: "result", result: { ok: false, code: "unauthenticated" } });
      expect(rows).toEqual([]);
    } else if (expected === "forbidden") {
      expect(outcome).toMatchObject({ kind: "result", result: { ok: false, code: "forbidden", error: `You do not have permission to ${action.what}. Ask a SAM admin for the role it needs.` } });
      expectDenialRow(rows, world.ids[caller as keyof CallerIds], action.permission, action.what, {});
    } else {
      // Past the permission: the input's check or the service answers, never a refusal or a crash.
      if (outcome.kind === "result") expect(["forbidden", "unauthenticated", "internal"]).not.toContain(outcome.result.ok ? "ok" : outcome.result.code);
      expect(rows.filter((r) => r.action === "access.denied")).toEqual([]);
    }
  });
});
