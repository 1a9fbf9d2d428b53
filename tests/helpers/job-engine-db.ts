import type PgBoss from "pg-boss";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { createTestDb, type ENGINES, type TestDb } from "./test-db";

/** A fresh test database with pg-boss started on it (no worker). */
export async function openJobEngineDb(engine: (typeof ENGINES)[number]): Promise<{ t: TestDb; boss: PgBoss }> {
  const t = await createTestDb(engine);
  const boss = await startJobEngine(t);
  return { t, boss };
}

/** Stops pg-boss and drops the database. */
export async function closeJobEngineDb(t: TestDb): Promise<void> {
  await stopJobEngine(t);
  await t.dispose();
}
