import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationProfiles } from "@/lib/db/schema";
import { executeRows } from "@/lib/table/sql";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * executeRows runs a statement prepared on PostgreSQL when asked (and as drizzle would otherwise):
 * the rows must be the same either way, with drizzle's value parsing (timestamps as text), and the
 * same statement run prepared more often than PostgreSQL's five custom plans keeps answering for
 * each run's own values.
 */
describe.each(ENGINES)("executeRows on %s", (engine) => {
  let t: TestDb;

  beforeAll(async () => {
    t = await createTestDb(engine);
    await t.db.insert(integrationProfiles).values(
      ["Alpha", "Beta", "Gamma"].map((displayName) => ({ displayName, profileType: "miro_enterprise_subscription", vendorId: "miro" })),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  const query = (name: string) =>
    sql`select ${integrationProfiles.displayName} as name, ${integrationProfiles.createdAt} as created, ${integrationProfiles.createdAt} is not null as has_created, 7::int as seven
      from ${integrationProfiles} where ${integrationProfiles.displayName} >= ${name} order by ${integrationProfiles.displayName} limit 2`;

  it("returns the same rows prepared and not", async () => {
    const plain = await executeRows<Record<string, unknown>>(t.db, query("Beta"));
    const prepared = await executeRows<Record<string, unknown>>(t.db, query("Beta"), { prepare: true });
    expect(prepared).toEqual(plain);
    expect(plain.map((r) => r.name)).toEqual(["Beta", "Gamma"]);
    expect(typeof plain[0]!.created).toBe("string");
    expect(plain[0]).toMatchObject({ has_created: true, seven: 7 });
  });

  it("answers each run's own values after many runs of the prepared statement", async () => {
    for (let i = 0; i < 12; i++) {
      const from = ["Alpha", "Beta", "Gamma", "Zeta"][i % 4]!;
      const rows = await executeRows<{ name: string }>(t.db, query(from), { prepare: true });
      expect(rows.map((r) => r.name)).toEqual(["Alpha", "Beta", "Gamma"].filter((n) => n >= from).slice(0, 2));
    }
  });

  it("runs inside a transaction too (through drizzle there)", async () => {
    const rows = await t.db.transaction((tx) => executeRows<{ name: string }>(tx, query("Gamma"), { prepare: true }));
    expect(rows.map((r) => r.name)).toEqual(["Gamma"]);
  });
});
