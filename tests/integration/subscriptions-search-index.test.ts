import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { softwareSubscriptions } from "@/lib/db/schema";
import { subscriptionsWhere } from "@/lib/services/subscriptions/list-subscriptions";
import { executeRows } from "@/lib/table/sql";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { seedProfile } from "./lists-fixtures";

/*
 * The subscriptions "contains" search can use the trigram indexes of migrations 0003-0004 (pg_trgm,
 * on PostgreSQL and in PGlite): with sequential and plain index scans ruled out, the plan of the
 * list's own search condition is a bitmap scan of those indexes, not a filter over every row.
 */
describe.each(ENGINES)("subscriptions search on %s", (engine) => {
  let t: TestDb;
  let profileId = "";

  beforeAll(async () => {
    t = await createTestDb(engine);
    profileId = (await seedProfile(t.db, "Search")).id;
    // 20,000 people: enough rows for the planner to prefer the index to reading the profile.
    await t.db.execute(sql`
      insert into software_subscriptions (profile_id, external_user_id, user_principal_name, display_name, subscription_identifier, active)
      select ${profileId}::uuid, (1000 + i)::text,
        case when i = 137 then 'Grace.Hopper@Example.com' else 'person.' || i || '@example.com' end,
        case when i = 42 then 'Ada Lovelace' else 'Person ' || i end,
        'full', true
      from generate_series(0, 19999) as i`);
    await t.db.execute(sql`analyze software_subscriptions`);
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  const where = (q: string) => subscriptionsWhere({ q }, { profileId }, new Date());

  it("finds a person by part of the user principal name or of the name, in any case", async () => {
    const ids = async (q: string) =>
      (await t.db.select({ e: softwareSubscriptions.externalUserId }).from(softwareSubscriptions).where(where(q))).map((r) => r.e);
    expect(await ids("hopper@")).toEqual(["1137"]);
    expect(await ids("LOVELACE")).toEqual(["1042"]);
  });

  it("plans the search as a scan of the trigram indexes", async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_indexscan = off`);
      const rows = await executeRows<Record<string, unknown>>(tx, sql`explain ${tx.select({ id: softwareSubscriptions.id }).from(softwareSubscriptions).where(where("hopper"))}`);
      return rows.map((r) => String(Object.values(r)[0])).join("\n");
    });
    expect(plan).toContain("software_subscriptions_upn_trgm_idx");
    expect(plan).toContain("software_subscriptions_display_name_trgm_idx");
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
