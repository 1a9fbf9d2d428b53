import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/lib/db/client";
import { resultRows } from "@/lib/db/driver";
import { startBoss } from "@/lib/jobs/boss";
import { createTestDb, type TestDb } from "../helpers/test-db";

/*
 * Instances started together on an empty database (hardening item 13): each creates pg-boss's schema
 * and every queue. PostgreSQL aborted one of them as a deadlock in pg-boss's create_queue, and that
 * instance never came up (seen with two `next start`: e2e/two-instances.spec.ts); the loser now tries again.
 */
describe("job engines started at the same moment on one empty PostgreSQL", () => {
  let t: TestDb;
  const handles: DbHandle[] = [];
  const bosses: PgBoss[] = [];
  beforeAll(async () => {
    t = await createTestDb("postgres");
  });
  afterAll(async () => {
    for (const b of bosses) await b.stop({ graceful: false, wait: true }).catch(() => undefined);
    for (const h of handles) await h.close();
    await t?.dispose();
  });

  it("all start, and every queue exists once", async () => {
    for (let i = 0; i < 4; i++) handles.push(await openDb({ databaseUrl: t.databaseUrl! }));
    const started = await Promise.allSettled(handles.map((h) => startBoss(h, { role: "client" }, () => {})));
    for (const s of started) if (s.status === "fulfilled") bosses.push(s.value);
    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "started"))).toEqual(["started", "started", "started", "started"]);
    const rows = resultRows(await t.db.execute(sql`select name from pgboss.queue group by name having count(*) > 1`));
    expect(rows).toEqual([]);
  }, 120_000);
});
