import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PersonActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { parseCsv } from "@/lib/csv/parse";
import { forbidden, ServiceError, unauthenticated } from "@/lib/errors";
import { exportCsv } from "@/lib/lists/export-csv";
import { exportListResponse, type ExportCaller } from "@/lib/lists/export-response";
import { entitlementsSpec } from "@/lib/lists/entitlements-spec";
import type { ExportableList } from "@/lib/lists/registry";
import { saveEntitlement } from "@/lib/services/entitlements/entitlements";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { NOBODY, seedActor, seedModel, seedProfile, VIEWER } from "./lists-fixtures";

/**
 * The export route's answer (lib/lists/export-response.ts, which app/api/lists/[list]/export/route.ts
 * calls with the session's permission check): every bad parameter is a 4xx with a sentence before
 * the file starts, and a failure once the file has started is the file's last line.
 */
describe.each(ENGINES)("the CSV export route on %s", (engine) => {
  let t: TestDb;
  let admin: PersonActor;
  let profileId: string;

  /** The session seam: the permission check of the given person, or of nobody signed in. */
  const as = (actor: PersonActor | null): ExportCaller => ({
    db: t.db,
    requirePermission: async (permission, what) => {
      if (!actor) throw unauthenticated();
      if (!can(actor.roles, permission)) throw forbidden(what);
      return actor;
    },
  });
  const get = (list: string, search = "", actor: PersonActor | null = VIEWER) => exportListResponse(as(actor), list, new URLSearchParams(search));
  const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

  beforeAll(async () => {
    t = await createTestDb(engine);
    admin = await seedActor(t.db, "admin@route.example", ["sam_admin"]);
    profileId = (await seedProfile(t.db, "Miro Route")).id;
    const model = await seedModel(t.db, "Miro Enterprise — Route");
    for (const [rights, state] of [[10, "in_use"], [30, "in_use"], [20, "retired"]] as const) {
      await saveEntitlement({ db: t.db, actor: admin }, { softwareModelId: model.id, purchasedRights: rights, unitCost: "8.00", currency: "EUR", subscriptionPeriod: "monthly", state });
    }
  });
  afterAll(async () => t?.dispose());

  it("answers a good request with the whole list as a CSV file, in the asked sort and filter, whatever page the screen was on", async () => {
    const response = await get("entitlements", "sort=purchasedRights.desc&state=in_use&page=3&perPage=10&q=");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="entitlements-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = parseCsv(await response.text());
    const rights = csv[0]!.indexOf("Purchased rights");
    expect(csv.slice(1).map((r) => r[rights])).toEqual(["30", "10"]);
  });

  it("refuses a sort the list does not offer with a 400 naming the choices (it used to export in the default order)", async () => {
    const response = await get("entitlements", "sort=unitCost.asc");
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe(
      "The export cannot start: The sort must be one of model.asc, model.desc, endDate.asc, endDate.desc, purchasedRights.asc, purchasedRights.desc.",
    );
    expect((await get("entitlements", "sort=purchasedRights.up")).status).toBe(400);
  });

  it("refuses a filter value the list does not know with a 400 (it used to export the list unfiltered)", async () => {
    const response = await get("entitlements", "state=bogus");
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe(`The export cannot start: The filter "State" (state) has no choice "bogus"; its choices are ${entitlementsSpec.filters.state.options.map((o) => o.value).join(", ")}.`);
    expect(await errorOf(await get("subscriptions", "excluded=maybe"))).toMatch(/The filter "Excluded" \(excluded\) takes true or false\./);
    expect(await errorOf(await get("subscriptions", "inactive=ninety"))).toMatch(/The filter "Inactive days" \(inactive\) takes a range such as 10\.\.90/);
    expect(await errorOf(await get("subscriptions", "model=a%20b"))).toMatch(/The filter "Software model" \(model\) has a value that is not one of its choices\./);
    expect(await errorOf(await get("entitlements", `q=${"x".repeat(201)}`))).toMatch(/longer than 200 characters/);
    expect(await errorOf(await get("entitlements", "sort=model.asc&sort=model.desc"))).toBe('The export cannot start: "sort" is given 2 times.');
  });

  it("refuses to hide a column the list does not have", async () => {
    const response = await get("entitlements", "hide=vendor,price");
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('The export cannot start: This list has no column "price" to hide.');
    expect((await get("entitlements", "hide=")).status).toBe(200);
  });

  it("needs the profile of a profile's list: missing or malformed is a 400, unknown a 404, all before the file starts", async () => {
    const missing = await get("profile-subscriptions");
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toBe("The export cannot start: This list belongs to an integration profile: give its id as ?profile=<id>.");
    expect((await get("profile-subscriptions", "profile=not-a-uuid")).status).toBe(400);
    const unknown = await get("profile-subscriptions", `profile=${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatch(/This integration profile does not exist/);
    const good = await get("profile-subscriptions", `profile=${profileId}`);
    expect(good.status).toBe(200);
    expect(parseCsv(await good.text())[0]).toContain("User principal name");
  });

  it("answers an unknown list with a 404 and a refusal with 401 or 403", async () => {
    expect((await get("no-such-list")).status).toBe(404);
    expect(await errorOf(await get("../etc"))).toBe("There is no such list.");
    expect((await get("entitlements", "", null)).status).toBe(401);
    expect((await get("entitlements", "", NOBODY)).status).toBe(403);
    const users = await get("users", "", VIEWER);
    expect(users.status).toBe(403);
    expect(await errorOf(users)).toMatch(/permission to see this list/);
  });
});

describe("a CSV export that fails part-way", () => {
  /** A list whose read fails after `good` rows, as a database connection lost mid-file would. */
  const failingList = (good: number, error: Error): ExportableList => ({
    spec: entitlementsSpec,
    permission: "workspace:view",
    columns: [{ id: "model", header: "Software model", value: (r) => r.name }],
    rows: async function* () {
      for (let i = 1; i <= good; i++) yield { name: `Model ${i}` };
      throw error;
    },
  });
  const read = async (list: ExportableList) => new Response(await exportCsv(list, { db: undefined as never, actor: VIEWER }, new URLSearchParams())).text();

  it("says so in the file's last line and logs the error (the file used to end cut off, with no word)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const cause = new Error("connection terminated unexpectedly");
      const text = await read(failingList(2, cause));
      expect(text.split("\r\n")).toEqual(["Software model", "Model 1", "Model 2", "# Export failed after 2 rows: an error on the server (the details are in its log); this file is incomplete", ""]);
      expect(log).toHaveBeenCalledWith("[export] entitlements: failed after 2 rows", cause);
    } finally {
      log.mockRestore();
    }
  });

  it("gives a service error's own words, and the importers refuse such a file", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const text = await read(failingList(1, new ServiceError("forbidden", "You do not have permission to see entitlements.")));
      expect(text.trimEnd().split("\r\n").at(-1)).toBe("# Export failed after 1 rows: You do not have permission to see entitlements; this file is incomplete");
      expect(() => parseCsv(text)).toThrow(/^Line 3: this file is an export that failed part-way/);
    } finally {
      log.mockRestore();
    }
  });
});
