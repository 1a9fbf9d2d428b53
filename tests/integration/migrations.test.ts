import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDb } from "@/lib/db/migrate";
import { createTestDb, ENGINES } from "../helpers/test-db";

const migrationCount = readdirSync("drizzle").filter((f) => f.endsWith(".sql")).length;

describe.each(ENGINES)("migrations on empty %s", (engine) => {
  it("apply every migration and create the domain tables; a second run is a no-op", async () => {
    const db = await createTestDb(engine);
    try {
      const tables = await db.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      const names = (Array.isArray(tables) ? tables : (tables as { rows: { table_name: string }[] }).rows).map((r) => r.table_name);
      for (const t of ["users", "audit_log", "directory_users", "integration_profiles", "software_subscriptions", "removal_candidates", "entitlements"]) {
        expect(names).toContain(t);
      }
      const applied = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const rows = Array.isArray(applied) ? applied : (applied as { rows: { n: number }[] }).rows;
      expect(rows[0]?.n).toBe(migrationCount);
      await migrateDb(db);
      const again = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect((Array.isArray(again) ? again : (again as { rows: { n: number }[] }).rows)[0]?.n).toBe(migrationCount);
    } finally {
      await db.dispose();
    }
  });
});
