import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PersonActor } from "@/lib/auth/actor";
import { parseCsv } from "@/lib/csv/parse";
import { auditLog, entitlements } from "@/lib/db/schema";
import { exportCsv } from "@/lib/lists/export-csv";
import { LISTS } from "@/lib/lists/registry";
import { saveEntitlement } from "@/lib/services/entitlements/entitlements";
import { entitlementImportText, importEntitlementsCsv } from "@/lib/services/entitlements/import-entitlements-csv";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { countRows, NOBODY, seedActor, seedModel, VIEWER } from "./lists-fixtures";

/**
 * **Import CSV** on Entitlements: a file with the export's columns, each line checked with the
 * entitlement form's schema; one bad line and nothing is imported, every bad line reported.
 */
const HEADER = "Software model,Purchased rights,Unit cost,Period,Start,End,State";

describe.each(ENGINES)("entitlement CSV import on %s", (engine) => {
  let t: TestDb;
  let admin: PersonActor;
  let integrator: PersonActor;
  let full: { id: string };
  let lite: { id: string };

  beforeAll(async () => {
    t = await createTestDb(engine);
    admin = await seedActor(t.db, "admin@ent.example", ["sam_admin"]);
    integrator = await seedActor(t.db, "integrator@ent.example", ["sam_integrator", "sam_user"]);
    full = await seedModel(t.db, "Miro Enterprise — Full");
    lite = await seedModel(t.db, "Miro Enterprise — Lite");
    // Two models of one name: a file cannot say which it means.
    await seedModel(t.db, "Twin");
    await seedModel(t.db, "twin");
  });
  afterAll(async () => t?.dispose());

  const run = (csv: string, mode: "preview" | "import" = "import", actor: PersonActor = admin) =>
    importEntitlementsCsv({ db: t.db, actor }, { csv, mode, fileName: "bought.csv" });
  const ofModel = (id: string) => t.db.select().from(entitlements).where(eq(entitlements.softwareModelId, id));

  it("previews a good file without writing, then creates every line in one go with one audit row", async () => {
    const csv = [
      `\uFEFF${HEADER.toUpperCase()},Name,Cost center,Vendor`,
      "Miro Enterprise — Full,120,12.50 EUR,Annually,2026-01-01,2026-12-31,In use,Main contract,CC-7,Miro",
      "",
      "miro enterprise — lite,15,3 usd,monthly,,,On order,,,",
    ].join("\r\n");
    const entitlementsBefore = await countRows(t.db, "entitlements");
    const preview = await run(csv, "preview");
    expect(preview).toEqual({ rows: 2, created: 2, rejected: 0, rejections: [], committed: false });
    expect(entitlementImportText(preview)).toBe("Preview: 2 entitlements would be created. Nothing is written until you select Import.");
    expect(await countRows(t.db, "entitlements")).toBe(entitlementsBefore);

    const audits = await countRows(t.db, "audit_log");
    const done = await run(csv);
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(entitlementImportText(done)).toBe("Imported: 2 entitlements created.");
    expect(await ofModel(full.id)).toMatchObject([
      { purchasedRights: 120, unitCost: "12.50", currency: "EUR", subscriptionPeriod: "annually", startDate: "2026-01-01", endDate: "2026-12-31", state: "in_use", displayName: "Main contract", costCenter: "CC-7", vendor: "Miro", createdBy: admin.id },
    ]);
    expect(await ofModel(lite.id)).toMatchObject([{ purchasedRights: 15, unitCost: "3.00", currency: "USD", subscriptionPeriod: "monthly", startDate: null, state: "on_order", displayName: null }]);
    expect(await countRows(t.db, "audit_log")).toBe(audits + 1);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "entitlement.import"));
    expect(audit).toMatchObject({ actorId: admin.id, entityType: "entitlement", summary: "Imported bought.csv into Entitlements: 2 created" });
  });

  it("imports nothing from a file with bad lines, and names every one with its line and column in words", async () => {
    const csv = [
      HEADER,
      "Miro Enterprise — Full,10,8.00 EUR,Monthly,,,In use", // good, and still not imported
      "Miro Enterprise — Nope,10,8.00 EUR,Monthly,,,In use",
      "Miro Enterprise — Full,ten,8.00 EUR,Monthly,,,In use",
      "Miro Enterprise — Full,10,8.00,Weekly,,,Lost",
      '"Miro Enterprise — Full",10,"8.999 EUR",Monthly,2026-12-31,"2026-01-01",In use',
      "Twin,10,8.00 EUR,Monthly,,,In use",
      ",,,Monthly,31/12/2026,,In use",
      '"Miro Enterprise — Full","a note',
      'over two lines",8.00 EUR,Monthly,,,In use,extra',
    ].join("\n");
    const before = await countRows(t.db, "entitlements");
    const audits = await countRows(t.db, "audit_log");
    for (const mode of ["preview", "import"] as const) {
      const r = await run(csv, mode);
      expect(r).toMatchObject({ rows: 8, created: 0, rejected: 7, committed: false });
      expect(entitlementImportText(r)).toBe("Nothing was imported: 7 of 8 rows need attention.");
      expect(Object.fromEntries(r.rejections.map((x) => [x.row, x.reasons]))).toEqual({
        3: ['Software model: There is no software model named "Miro Enterprise — Nope".'],
        4: ["Purchased rights: Purchased rights must be a number."],
        5: ["Unit cost: Write the currency after the amount, e.g. 12.00 EUR (A three-letter currency code, e.g. EUR.)", 'Period: "Weekly" is not a period; use Monthly, Quarterly, Annually.', 'State: "Lost" is not a state; use Build, On order, In use, Retired (or Ended, Not started).'],
        6: ["Unit cost: A price such as 12.00 (two decimals at most).", "End: The end date is before the start date."],
        7: ['Software model: Several software models are named "Twin"; rename one so that the file names one model.'],
        8: ["Software model: Give the software model's name.", "Purchased rights: Give the number of purchased rights.", "Unit cost: Give the unit cost and its currency, e.g. 12.00 EUR.", "Start: Use a date such as 2026-12-31."],
        9: ["Row: the line has 8 cells but the first line names 7 columns.", "Purchased rights: Purchased rights must be a number."],
      });
      expect(r.rejections.map((x) => x.model)).toEqual(["Miro Enterprise — Nope", "Miro Enterprise — Full", "Miro Enterprise — Full", "Miro Enterprise — Full", "Twin", null, "Miro Enterprise — Full"]);
    }
    expect(await countRows(t.db, "entitlements")).toBe(before);
    expect(await countRows(t.db, "audit_log")).toBe(audits);
  });

  it("refuses a file that is not valid CSV or lacks a column, naming the line or the column, and imports nothing", async () => {
    const before = await countRows(t.db, "entitlements");
    const open = await run([HEADER, "Miro Enterprise — Full,10,8.00 EUR,Monthly,,,In use", 'Miro Enterprise — Lite,"5,8.00 EUR,Monthly,,,In use', "Miro Enterprise — Full,10,8.00 EUR,Monthly,,,In use"].join("\n")).catch((e) => e);
    expect(open).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^Line 3: a quote is not closed/), fieldErrors: { csv: [expect.stringMatching(/Nothing was imported\.$/)] } });
    await expect(run("Software model,Purchased rights,Unit cost,Period\nX,1,1.00 EUR,Monthly")).rejects.toMatchObject({ message: expect.stringMatching(/^The file has no "State" column/) });
    await expect(run(`${HEADER},Price\n`)).rejects.toMatchObject({ message: expect.stringMatching(/^The file has a column OpenSAM does not know: "Price"/) });
    await expect(run(`${HEADER},state\n`)).rejects.toMatchObject({ message: 'The column "State" appears twice in the first line.' });
    await expect(run("\n\n")).rejects.toMatchObject({ message: expect.stringMatching(/^The file is empty/) });
    expect(await countRows(t.db, "entitlements")).toBe(before);
  });

  it("is refused to anyone but a sam_admin, preview included, before the file is read", async () => {
    const before = await countRows(t.db, "entitlements");
    for (const actor of [VIEWER, integrator, NOBODY]) {
      for (const mode of ["preview", "import"] as const) {
        await expect(run(`${HEADER}\nMiro Enterprise — Full,1,1.00 EUR,Monthly,,,In use`, mode, actor)).rejects.toMatchObject({ code: "forbidden", message: "You do not have permission to manage entitlements. Ask a SAM admin for the role it needs." });
      }
      // Even a file that is not CSV: the permission comes first.
      await expect(run('"', "import", actor)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await countRows(t.db, "entitlements")).toBe(before);
  });

  it("re-imports its own export: every exported field comes back, states shown as Ended or Not started included", async () => {
    const ctx = { db: t.db, actor: admin };
    const save = (v: Record<string, unknown>) => saveEntitlement(ctx, { softwareModelId: lite.id, purchasedRights: 1, unitCost: "1.00", currency: "USD", subscriptionPeriod: "annually", state: "in_use", ...v });
    const originals = [
      await save({ displayName: "=cmd|' /C calc'!A0", purchasedRights: 7, unitCost: "19.99", currency: "GBP", subscriptionPeriod: "quarterly", costCenter: "-CC-1", vendor: "Miro, Inc.", startDate: "2020-01-01", endDate: "2021-01-01" }),
      await save({ displayName: 'The "big" one', startDate: "2099-01-01" }),
      await save({ purchasedRights: 0, state: "retired" }),
      await save({ state: "build", notes: "not in the export", purchaseOrder: "PO-1" }),
    ];
    const exportText = async (search: string) => new Response(await exportCsv(LISTS.entitlements!, ctx, new URLSearchParams(search))).text();
    const fields = (r: typeof entitlements.$inferSelect) => [r.softwareModelId, r.displayName, r.purchasedRights, r.unitCost, r.currency, r.subscriptionPeriod, r.startDate, r.endDate, r.state, r.costCenter, r.vendor];

    // All columns shown: every field of the export comes back as it was.
    const file = await exportText("hide=&q=Lite");
    expect(parseCsv(file)[0]).toEqual(["Software model", "Name", "Purchased rights", "Unit cost", "Period", "Start", "End", "State", "Cost center", "Vendor"]);
    expect(parseCsv(file).map((r) => r[7])).toEqual(expect.arrayContaining(["Ended", "Not started", "Retired", "Build"]));
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    const before = (await ofModel(lite.id)).map(fields);
    expect(before.length).toBeGreaterThan(originals.length);
    expect(await run(file)).toMatchObject({ created: before.length, committed: true });
    expect(sorted((await ofModel(lite.id)).map(fields))).toEqual(sorted([...before, ...before]));

    // The default export (Name, Cost center and Vendor hidden) imports too, those fields left empty.
    const count = (await ofModel(lite.id)).length;
    expect(await run(await exportText("q=Lite"))).toMatchObject({ created: count, committed: true });
    expect((await ofModel(lite.id)).filter((r) => r.displayName === null && r.vendor === null)).toHaveLength(count + before.filter((f) => f[1] === null && f[10] === null).length * 2);
  });
});
