import "../helpers/test-env";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import type { z } from "zod";
import { LISTS } from "@/lib/lists/registry";
import { callAction, definedActions, fingerprint, roleWith, rowsOf, signInAsCaller } from "./edge-harness";
import { withActionsDb, VALID_INPUTS, type ValidFixtures } from "./roles-matrix-fixtures";

/*
 * Item 14 of the hardening issue: hostile values in every field of every server action's schema,
 * sent by a person who may call it. Each answer must be a clean ActionResult (never a throw, never
 * "internal", which means the value reached the database unchecked), and a refused call must leave
 * every table as it was. The fields come from each action's schema, so a new field is covered.
 */
const HOSTILE: Record<string, unknown> = {
  xss: `<script>alert(1)</script><img src=x onerror=alert(1)>`,
  sql: `'; DROP TABLE users; --`,
  "1 MB": "A".repeat(1_048_576),
  "unicode (RTL override, emoji, combining)": "\u202Eevil\u202C 🙂 Z̤͔ͧ̑ 中文 \uFEFF",
  NUL: "safe\u0000tail",
  "control characters": "bell\u0007escape\u001B",
  "lone surrogate": "\uD800x",
  "invalid uuid": "00000000-0000-0000-0000-00000000000g",
  "huge number": "1e308",
  "too many digits": "99999999999999999999999",
  negative: "-1",
  "an object": { $ne: null },
  "an array": ["a", "b"],
};

/** Values that must never be stored, whatever the field: PostgreSQL cannot hold NUL, jsonb refuses a lone surrogate, and no form field sends either or a control character. */
const MUST_REFUSE = new Set(["NUL", "control characters", "lone surrogate"]);

const modules = import.meta.glob<Record<string, unknown>>("../../app/**/actions.ts", { eager: true });
const ACTIONS = definedActions(modules);

/**
 * Inputs that reach past the schema for the actions without a succeeding valid input, so that a
 * hostile value in one field meets the service with the others well-formed. None of them calls a
 * vendor: each id is refused or unknown before that.
 */
const BASES: Record<string, (f: ValidFixtures) => Record<string, unknown>> = {
  ...VALID_INPUTS,
  "app/(workspace)/connections/actions.ts#startOAuthAction": () => ({ aliasId: "miro_spoke.Miro_Enterprise", name: "OAuth", clientId: "client-id", clientSecret: "client-secret" }),
  "app/(workspace)/removal-candidates/actions.ts#decideApprovalAction": (f) => ({ id: f.candidateIds[3], decision: "decline", reason: "Still needed." }),
  "app/(workspace)/removal-candidates/actions.ts#reclaimAllAction": () => ({ search: { q: "p1" }, expected: 1 }),
  "app/(workspace)/removal-candidates/actions.ts#restoreCandidateAction": (f) => ({ id: f.candidateIds[3] }),
  "app/(workspace)/scheduled-jobs/actions.ts#confirmRemovalsAction": () => ({ jobResultId: "00000000-0000-4000-8000-000000000009" }),
};

/** The top-level fields of an action's schema (through preprocess pipes and refinements). */
function fieldsOf(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: z.ZodType; out?: z.ZodType; innerType?: z.ZodType } };
  if (s.shape) return Object.keys(s.shape);
  for (const inner of [s.def?.in, s.def?.out, s.def?.innerType]) {
    const keys = inner ? fieldsOf(inner) : [];
    if (keys.length > 0) return keys;
  }
  return [];
}

const CASES = ACTIONS.flatMap((action) => fieldsOf(action.fn.schema).map((field) => ({ action, field })));

const world = withActionsDb();

describe("hostile values in every field of every server action", () => {
  it("finds the fields of every action's schema", () => {
    expect(ACTIONS.every((a) => fieldsOf(a.fn.schema).length > 0 || a.id.endsWith("#runReconciliationAction"))).toBe(true);
    expect(CASES.length).toBeGreaterThan(80);
  });

  it.each(CASES.map((c) => [c.action.id, c.field, c] as const))("%s · %s", async (id, field, { action }) => {
    signInAsCaller(world.ids, roleWith(action.permission));
    const base = BASES[id]?.(world.fixtures) ?? {};
    // The console keeps what an "internal" answer logged, for the failure message.
    const logged: unknown[] = [];
    const log = vi.spyOn(console, "error").mockImplementation((...args) => void logged.push(args));
    try {
      let before = await fingerprint(world.t.db);
      for (const [name, value] of Object.entries(HOSTILE)) {
        const outcome = await callAction(action.fn, { ...base, [field]: value });
        const where = `${name} in ${field}`;
        if (outcome.kind === "redirect") {
          expect(MUST_REFUSE.has(name), `${where}: redirected to ${outcome.to}`).toBe(false);
          before = await fingerprint(world.t.db);
          continue;
        }
        const result = outcome.result;
        expect(result.ok || result.code, `${where}: ${JSON.stringify(result)} ${String(logged.at(-1) ?? "")}`.slice(0, 2000)).not.toBe("internal");
        if (MUST_REFUSE.has(name)) expect(result, where).toMatchObject({ ok: false, code: "invalid_input" });
        const after = await fingerprint(world.t.db);
        if (!result.ok) expect(after, `${where}: refused (${result.code}) but something was stored`).toBe(before);
        before = after;
      }
    } finally {
      log.mockRestore();
    }
  });

  it("left no control character and no oversized value in any text column", async () => {
    const columns = rowsOf(
      await world.t.db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying')`),
    ) as { table_name: string; column_name: string }[];
    const checks = columns.map(
      (c) => `select '${c.table_name}.${c.column_name}' as col from "${c.table_name}" where "${c.column_name}" ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]' or length("${c.column_name}") > 100000`,
    );
    const bad = rowsOf(await world.t.db.execute(sql.raw(checks.join(" union all "))));
    expect(bad).toEqual([]);
  });
});

describe("hostile list URL parameters, through every list's CSV export (the list pages read the same parameters the same way)", () => {
  const URLS: Record<string, string> = {
    "huge page size": "perPage=100000000",
    "negative page size and page": "perPage=-5&page=-3",
    "page beyond any": "page=99999999999",
    "unknown sort column": "sort=password_hash.asc",
    "SQL in the sort": "sort=name%3Bdrop%20table%20users.asc",
    "SQL in every filter": "",
    "NUL in every filter": "",
    "control characters and 1 MB in every filter": "",
    "a bad cursor": "page=2&cursor=a.%27%3B--",
  };
  const filterQuery = (list: (typeof LISTS)[string], value: string) =>
    Object.keys(list.spec.filters)
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(value)}`)
      .join("&");
  const CASES_URL = Object.keys(LISTS).flatMap((list) => Object.keys(URLS).map((name) => [list, name] as const));

  it.each(CASES_URL)("%s · %s: a CSV, or a 400 that says which parameter, never a server error", async (listId, name) => {
    const route = Object.entries(import.meta.glob<Record<string, unknown>>("../../app/api/lists/[[]list]/export/route.ts", { eager: true }))[0]![1];
    const GET = route.GET as (r: Request, c: { params: Promise<{ list: string }> }) => Promise<Response>;
    signInAsCaller(world.ids, "sam_admin");
    const list = LISTS[listId]!;
    let query = URLS[name]!;
    if (name === "SQL in every filter") query = filterQuery(list, "' OR 1=1; DROP TABLE users; --");
    if (name === "NUL in every filter") query = filterQuery(list, "a\u0000b");
    if (name === "control characters and 1 MB in every filter") query = `${filterQuery(list, "a\u0007\u001Bb")}&q=${"A".repeat(1_048_576)}`;
    const profile = listId.startsWith("profile-") ? `profile=${world.fixtures.profileId}&` : "";
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await GET(new Request(`http://localhost/api/lists/${listId}/export?${profile}${query}`), { params: Promise.resolve({ list: listId }) });
      const body = await response.text();
      // The export checks its parameters before the file starts (lib/lists/export-params.ts): a value
      // the list does not accept is a 400 in words; anything it accepts is filtered, never executed.
      expect([200, 400], body.slice(0, 300)).toContain(response.status);
      if (response.status === 200) expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      else expect(JSON.parse(body).error).toMatch(/\w/);
    } finally {
      log.mockRestore();
    }
  });
});

describe("hostile query parameters of the OAuth callback", () => {
  it.each([
    ["a NUL in the state", "code=abc&state=s%00t", "invalid"],
    ["a 1 MB code", `code=${"A".repeat(1_048_576)}&state=s`, "invalid"],
    ["SQL in the state", "code=abc&state=%27%3B%20DROP%20TABLE%20oauth_states%3B--", "state"],
  ])("%s: back to Connections with a clear error, never the internal one", async (_name, query, code) => {
    const route = Object.values(import.meta.glob<Record<string, unknown>>("../../app/api/integrations/[[]vendor]/oauth/callback/route.ts", { eager: true }))[0]!;
    const GET = route.GET as (r: Request, c: { params: Promise<{ vendor: string }> }) => Promise<Response>;
    signInAsCaller(world.ids, "sam_integrator");
    const response = await GET(new Request(`http://localhost/api/integrations/miro/oauth/callback?${query}`), { params: Promise.resolve({ vendor: "miro" }) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/connections?oauth_error=${code}`);
  });
});
