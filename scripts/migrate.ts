/** Applies migrations to DATABASE_URL (or the embedded database) without starting the app. */
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";

async function main() {
  const handle = await openDb({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR ?? ".data/pglite" });
  try {
    await migrateDb(handle);
    console.log(`Migrations applied (${handle.kind}).`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
