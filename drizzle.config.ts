import { defineConfig } from "drizzle-kit";

/**
 * Migrations are generated from lib/db/schema by `npm run db:generate -- --name <what_changed>`, which
 * runs drizzle-kit with the react-server condition: the schema modules import "server-only".
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema/index.ts",
  out: "./drizzle",
  strict: true,
  verbose: true,
});
