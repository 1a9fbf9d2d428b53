import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, directoryUsers } from "@/lib/db/schema";
import { seedDemoDirectory } from "@/lib/db/seed-demo";
import { directorySpec } from "@/lib/lists/directory-spec";
import { createDirectoryUser } from "@/lib/services/directory/create-directory-user";
import { createDirectoryUserInput } from "@/lib/services/directory/directory-input";
import { importDirectoryCsv, importSummaryText, readDirectoryCsv } from "@/lib/services/directory/import-directory-csv";
import { iterateDirectoryUsers, listDirectoryUsers } from "@/lib/services/directory/list-directory-users";
import { parseListParams } from "@/lib/table/list-spec";
import { startMiroSimulator } from "@/e2e/miro-simulator/server";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { countRows, seedActor, VIEWER } from "./lists-fixtures";
import type { ServiceContext } from "@/lib/services/context";

const HEADER = "name,email,user_name,department,cost_center,manager_email,active";

describe.each(ENGINES)("user directory on %s", (engine) => {
  let t: TestDb;
  let ctx: ServiceContext;
  let admin: Awaited<ReturnType<typeof seedActor>>;
  let user: Awaited<ReturnType<typeof seedActor>>;

  beforeAll(async () => {
    t = await createTestDb(engine);
    ctx = { db: t.db, actor: VIEWER };
    admin = await seedActor(t.db, "admin@example.com", ["sam_admin"]);
    user = await seedActor(t.db, "user@example.com", ["sam_user"]);
  });
  afterAll(async () => t?.dispose());

  const byEmail = async (email: string) =>
    (await t.db.select().from(directoryUsers).where(sql`lower(${directoryUsers.email}) = ${email}`))[0];

  it("creates a person, refuses the same email in another case, and needs the manager in the directory", async () => {
    const boss = await createDirectoryUser({ db: t.db, actor: admin }, createDirectoryUserInput.parse({ name: "Bea Boss", email: "Bea.Boss@Corp.example", active: "true" }));
    const created = await createDirectoryUser(
      { db: t.db, actor: admin },
      createDirectoryUserInput.parse({ name: "Carl Clerk", email: "carl@corp.example", userName: "carl", department: "Finance", costCenter: "CC-7", managerEmail: "BEA.boss@corp.example", active: "false" }),
    );
    expect(await byEmail("carl@corp.example")).toMatchObject({ id: created.id, managerId: boss.id, department: "Finance", costCenter: "CC-7", userName: "carl", active: false });
    const dup = await createDirectoryUser({ db: t.db, actor: admin }, createDirectoryUserInput.parse({ name: "Bea Again", email: "bea.boss@corp.EXAMPLE", active: "" })).catch((e) => e);
    expect(dup.fieldErrors.email[0]).toMatch(/already/);
    const noManager = await createDirectoryUser({ db: t.db, actor: admin }, createDirectoryUserInput.parse({ name: "Dan", email: "dan@corp.example", managerEmail: "ghost@corp.example", active: "" })).catch((e) => e);
    expect(noManager.fieldErrors.managerEmail[0]).toMatch(/No one in the directory/);
    expect(await byEmail("dan@corp.example")).toBeUndefined();
    await expect(createDirectoryUser({ db: t.db, actor: user }, createDirectoryUserInput.parse({ name: "X", email: "x@corp.example", active: "" }))).rejects.toMatchObject({ code: "forbidden" });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "directory_user.create"))).length).toBe(2);

    const list = await listDirectoryUsers(ctx, { params: parseListParams(directorySpec, { q: "corp.example", sort: "name.desc" }) });
    expect(list.rows.map((r) => [r.name, r.manager])).toEqual([
      ["Carl Clerk", "Bea Boss"],
      ["Bea Boss", null],
    ]);
    expect((await listDirectoryUsers(ctx, { params: parseListParams(directorySpec, { active: "false" }) })).rows.map((r) => r.name)).toEqual(["Carl Clerk"]);
  });

  it("previews an import without writing, then imports: creates, updates by email in any case, sets managers from the same file", async () => {
    const csv = [
      HEADER,
      "Eve Exec,eve@imp.example,eve,Board,CC-1,,true",
      "Finn Field,finn@imp.example,finn,Sales,CC-2,EVE@imp.example,",
      '"Gray, Gina",gina@imp.example,,Sales,CC-2,finn@imp.example,yes',
      "Carl Clerk,CARL@corp.example,carl,Finance,CC-8,bea.boss@corp.example,false",
      "Bea Boss,bea.boss@corp.example,,,,,true",
      "",
    ].join("\r\n");
    const before = await countRows(t.db, "directory_users");
    const preview = await importDirectoryCsv({ db: t.db, actor: admin }, { csv, mode: "preview" });
    expect(preview).toMatchObject({ rows: 5, created: 3, updated: 1, unchanged: 1, rejected: 0, committed: false });
    expect(await countRows(t.db, "directory_users")).toBe(before);

    const done = await importDirectoryCsv({ db: t.db, actor: admin }, { csv, mode: "import", fileName: "people.csv" });
    expect(done).toMatchObject({ created: 3, updated: 1, unchanged: 1, rejected: 0, committed: true });
    expect(importSummaryText(done)).toBe("3 created, 1 updated, 1 unchanged, 0 rejected");
    const eve = await byEmail("eve@imp.example");
    const finn = await byEmail("finn@imp.example");
    expect(finn).toMatchObject({ managerId: eve!.id, department: "Sales", active: true });
    expect(await byEmail("gina@imp.example")).toMatchObject({ name: "Gray, Gina", managerId: finn!.id, userName: null });
    expect(await byEmail("carl@corp.example")).toMatchObject({ costCenter: "CC-8" });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "directory.import"));
    expect(audit!.summary).toBe("Imported people.csv into the user directory: 3 created, 1 updated, 1 unchanged, 0 rejected");

    // Importing the same file again changes nothing.
    expect(await importDirectoryCsv({ db: t.db, actor: admin }, { csv, mode: "import" })).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });

  it("keeps the values of columns the file does not have", async () => {
    const done = await importDirectoryCsv({ db: t.db, actor: admin }, { csv: "email,name\r\nfinn@imp.example,Finn Fielding\r\n", mode: "import" });
    expect(done).toMatchObject({ created: 0, updated: 1 });
    expect(await byEmail("finn@imp.example")).toMatchObject({ name: "Finn Fielding", department: "Sales", costCenter: "CC-2", managerId: (await byEmail("eve@imp.example"))!.id });
  });

  it("rejects bad rows with their reasons and imports the rest", async () => {
    const csv = [
      HEADER,
      "Hal Good,hal@imp.example,hal,Ops,CC-3,,",
      ",nameless@imp.example,,,,,",
      "Bad Mail,not-an-email,,,,,",
      "Hal Twice,HAL@imp.example,,,,,",
      "Ivy,ivy@imp.example,,,,ghost@imp.example,",
      "Jo,jo@imp.example,,,,,maybe",
      "Kim,kim@imp.example,,,,ivy@imp.example,",
      "Lee,lee@imp.example,,,,lee@imp.example,",
      "Too,many@imp.example,,,,,,extra",
    ].join("\n");
    const r = await importDirectoryCsv({ db: t.db, actor: admin }, { csv, mode: "import" });
    expect(r).toMatchObject({ created: 1, rejected: 8 });
    const reasons = Object.fromEntries(r.rejections.map((x) => [x.row, x.reasons.join(" ")]));
    expect(reasons[3]).toMatch(/^name: Enter the person's name/);
    expect(reasons[4]).toMatch(/^email: Enter a valid email address/);
    expect(reasons[5]).toMatch(/appears more than once in the file \(first on line 2\)/);
    expect(reasons[6]).toMatch(/ghost@imp.example is neither in the directory nor in this file/);
    expect(reasons[7]).toMatch(/^active: Write true or false/);
    // Kim's manager Ivy was rejected, so Kim is too.
    expect(reasons[8]).toMatch(/ivy@imp.example is neither/);
    expect(reasons[9]).toMatch(/own manager/);
    expect(reasons[10]).toMatch(/has 8 cells/);
    expect(await byEmail("hal@imp.example")).toBeDefined();
    expect(await byEmail("kim@imp.example")).toBeUndefined();
  });

  it("refuses a file with an unknown or missing column, naming it", async () => {
    expect(() => readDirectoryCsv("name,mail\r\nA,a@x.example")).toThrow(/does not know: "mail"/);
    expect(() => readDirectoryCsv("name,user_name\r\nA,a")).toThrow(/no "email" column/);
    expect(() => readDirectoryCsv("")).toThrow(/The file is empty/);
    await expect(importDirectoryCsv({ db: t.db, actor: user }, { csv: `${HEADER}\r\n`, mode: "preview" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a file with a quote left open, naming its line, and imports none of its rows", async () => {
    const before = await countRows(t.db, "directory_users");
    // The hand-written parser read line 3's open quote as a cell running to the end of the file:
    // it imported Quinn and merged Rae and Sam into one rejected line.
    const csv = [HEADER, "Quinn,quinn@quote.example,,,,,", 'Rae,"rae@quote.example,,,,,', "Sam,sam@quote.example,,,,,"].join("\r\n");
    for (const mode of ["preview", "import"] as const) {
      const err = await importDirectoryCsv({ db: t.db, actor: admin }, { csv, mode }).catch((e) => e);
      expect(err).toMatchObject({ code: "invalid_input" });
      expect(err.message).toMatch(/^Line 3: a quote is not closed/);
      expect(err.fieldErrors.csv[0]).toBe(err.message);
    }
    expect(await countRows(t.db, "directory_users")).toBe(before);
    expect(await byEmail("quinn@quote.example")).toBeUndefined();
  });

  it("reads a BOM, mixed line endings, blank lines, a header in any case and a cell over two lines, with each row's own line number", async () => {
    const csv = `\uFEFFName,EMAIL,Department\r\n\r\nUma,uma@read.example,"Research\nand Development"\nVic,not-an-email,\r\n`;
    const file = readDirectoryCsv(csv);
    expect(file.accepted.map((a) => [a.row, a.data.email, a.data.department])).toEqual([[3, "uma@read.example", "Research\nand Development"]]);
    expect(file.rejections.map((r) => r.row)).toEqual([5]);
  });

  it("writes nothing when the database refuses a row half-way through the import", async () => {
    const before = await countRows(t.db, "directory_users");
    const audits = await countRows(t.db, "audit_log");
    // 600 rows: the first batch of 500 is inserted, then the database refuses a row of the second. The
    // input check now refuses what PostgreSQL itself would (a NUL), so a trigger stands in for it.
    await t.db.execute(sql.raw("create function refuse_bulk_550() returns trigger language plpgsql as $$ begin if new.name = 'Bulk 550' then raise exception 'refused'; end if; return new; end $$"));
    await t.db.execute(sql.raw("create trigger refuse_bulk_550 before insert on directory_users for each row execute function refuse_bulk_550()"));
    const rows = Array.from({ length: 600 }, (_, i) => `Bulk ${i},bulk${i}@atomic.example,,,,,`);
    const err = await importDirectoryCsv({ db: t.db, actor: admin }, { csv: [HEADER, ...rows].join("\n"), mode: "import" }).catch((e) => e);
    await t.db.execute(sql.raw("drop trigger refuse_bulk_550 on directory_users"));
    await t.db.execute(sql.raw("drop function refuse_bulk_550()"));
    expect(err).toBeInstanceOf(Error);
    expect(await countRows(t.db, "directory_users")).toBe(before);
    expect(await countRows(t.db, "audit_log")).toBe(audits);
  });

  it("exports the same rows the list shows", async () => {
    const params = parseListParams(directorySpec, { q: "imp.example", sort: "email.asc" });
    const page = await listDirectoryUsers(ctx, { params: params });
    const all = [];
    for await (const r of iterateDirectoryUsers(ctx, { params: params })) all.push(r.email);
    expect(all).toEqual(page.rows.map((r) => r.email));
  });

  it("seeds the demo directory to match most simulated Miro members, once", async () => {
    // The demo's organization (seed 1, 2,000 members), read through the simulator's control API.
    const sim = await startMiroSimulator({ port: 0, members: 2000, seed: 1, rateLimit: false });
    try {
      const first = await seedDemoDirectory(t.db, sim.url);
      expect(first.created).toBeGreaterThan(1500);
      expect((await seedDemoDirectory(t.db, sim.url)).created).toBe(0);
      const members = sim.state.members;
      const emails = new Set(
        (await t.db.select({ e: sql<string>`lower(${directoryUsers.email})` }).from(directoryUsers)).map((r) => r.e),
      );
      const matched = members.filter((m) => emails.has(m.email.toLowerCase())).length / members.length;
      expect(matched).toBeGreaterThan(0.8);
      expect(matched).toBeLessThan(0.9);
      const withManager = await t.db.select({ n: sql<number>`count(*)::int` }).from(directoryUsers).where(sql`${directoryUsers.managerId} is not null`);
      expect(withManager[0]!.n).toBeGreaterThan(first.created - 20);
    } finally {
      await sim.close();
    }
  });
});
