import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";

/** `databaseUrl` (PostgreSQL only) lets a test open a second connection, as another process would. */
export type TestDb = DbHandle & { label: string; databaseUrl?: string; dispose: () => Promise<void> };

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server of
 * DATABASE_URL (default: the local server the test command starts), or an in-memory PGlite.
 * Never a mock.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function createTestDb(kind: "postgres" | "pglite"): Promise<TestDb> {
  if (kind === "pglite") {
    const handle = await openDb({ pgliteDir: "memory://" });
    await migrateDb(handle);
    return { ...handle, label: "PGlite (memory)", dispose: handle.close };
  }
  const baseUrl = TEST_DATABASE_URL;
  const name = `opensam_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString() });
  await migrateDb(handle);
  return {
    ...handle,
    label: `PostgreSQL (${name})`,
    databaseUrl: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Integration suites run on both engines the app supports. */
export const ENGINES = ["pglite", "postgres"] as const;
