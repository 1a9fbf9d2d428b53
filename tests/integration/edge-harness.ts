import path from "node:path";
import { desc, gt, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { ActionResult, DefinedAction } from "@/lib/actions/action";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db";
import { auditLog, type Role, users } from "@/lib/db/schema";
import { signInAs } from "../helpers/fake-auth";

/*
 * What the roles matrix and the hostile-input tests share: who calls (each role, a person without
 * a role, no session), every server action found by a glob, and how a call's answer is read.
 */

export type Caller = "no session" | "no role" | Role;
export const CALLERS: readonly Caller[] = ["no session", "no role", "sam_user", "sam_integrator", "sam_admin"];

/** The users behind the callers, created in the test database by the test file. */
export type CallerIds = Record<Exclude<Caller, "no session">, string>;

export function signInAsCaller(ids: CallerIds, caller: Caller): void {
  signInAs(caller === "no session" ? null : ids[caller]);
}

export function callerMay(caller: Caller, permission: Permission): boolean {
  if (caller === "no session" || caller === "no role") return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(caller);
}

/** A role that holds the permission: the one the "valid input" calls run as. */
export function roleWith(permission: Permission): Role {
  return PERMISSIONS[permission][0]!;
}

export type FoundAction = { id: string; fn: DefinedAction<unknown>; permission: Permission; what: string };

export function isDefinedAction(value: unknown): value is DefinedAction<unknown> {
  if (typeof value !== "function") return false;
  const permission: unknown = (value as unknown as { permission?: unknown }).permission;
  return typeof permission === "string" && permission in PERMISSIONS;
}

/** "app/(workspace)/admin/users/actions.ts" from the glob's "../../app/(workspace)/admin/users/actions.ts". */
export function appPath(globKey: string): string {
  return path.posix.normalize(globKey).replace(/^(\.\.\/)+/, "");
}

export function definedActions(modules: Record<string, Record<string, unknown>>): FoundAction[] {
  return Object.entries(modules)
    .flatMap(([file, mod]) =>
      Object.entries(mod)
        .filter(([, value]) => isDefinedAction(value))
        .map(([name, value]) => {
          const fn = value as DefinedAction<unknown>;
          return { id: `${appPath(file)}#${name}`, fn, permission: fn.permission, what: fn.what };
        }),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Every export of the actions modules that is not a defined action (it has no permission of its own). */
export function undefinedExports(modules: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(modules)
    .flatMap(([file, mod]) => Object.entries(mod).filter(([, v]) => !isDefinedAction(v)).map(([name]) => `${appPath(file)}#${name}`))
    .sort();
}

export type CallOutcome = { kind: "result"; result: ActionResult<unknown> } | { kind: "redirect"; to: string };

/**
 * Calls an action as a form would; a redirect (Next's `redirect()` throws an error with a digest)
 * is a success that leaves the page. Anything else thrown fails the test: an action must answer.
 */
export async function callAction(fn: DefinedAction<unknown>, input: Record<string, unknown>): Promise<CallOutcome> {
  try {
    return { kind: "result", result: await fn(null, input) };
  } catch (error) {
    const digest = (error as { digest?: unknown })?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    throw error;
  }
}

export async function lastAuditId(db: Db): Promise<number> {
  const [row] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row?.id ?? 0;
}

export async function auditSince(db: Db, id: number) {
  return db.select().from(auditLog).where(gt(auditLog.id, id)).orderBy(auditLog.id);
}

/** The refusal's one audit row: who, the permission and what they tried; never the input sent. */
export function expectDenialRow(rows: Awaited<ReturnType<typeof auditSince>>, userId: string, permission: Permission, what: string, input: unknown): void {
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect(row).toMatchObject({ action: "access.denied", actorId: userId, entityType: "permission", entityId: permission });
  expect(row.summary).toContain(what);
  const recorded = JSON.stringify(row);
  for (const value of Object.values(input as Record<string, unknown>)) {
    if (typeof value === "string" && value.length >= 8) expect(recorded).not.toContain(value);
  }
}

/**
 * A fingerprint of every table of the app's schema (row contents, not only counts), in one
 * statement: equal before and after a refused call means nothing was stored.
 */
export async function fingerprint(db: Db): Promise<string> {
  const tablesResult: unknown = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const tables = rowsOf(tablesResult).map((r) => String((r as { table_name: string }).table_name));
  const parts = tables.map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x)`);
  const result: unknown = await db.execute(sql.raw(`select md5(concat_ws(',', ${parts.join(", ")})) as f`));
  return String((rowsOf(result)[0] as { f: string }).f);
}

export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

/** One real person per caller with a role (and one with none), as the matrices sign in. */
export async function createCallers(db: Db): Promise<CallerIds> {
  const person = async (email: string, roles: Role[]) =>
    (await db.insert(users).values({ email, name: email.split("@")[0]!, passwordHash: "x", roles }).returning())[0]!.id;
  return {
    "no role": await person("nobody@example.com", []),
    sam_user: await person("user@example.com", ["sam_user"]),
    sam_integrator: await person("integrator@example.com", ["sam_integrator"]),
    sam_admin: await person("admin@example.com", ["sam_admin"]),
  };
}
