/**
 * Creates the first SAM admin of a production workspace (no demo data, no default password):
 *   npm run admin:create -- --email you@company.com --name "Your Name"
 * The password is read from OPENSAM_ADMIN_PASSWORD or asked for on the terminal.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { jobActor } from "../lib/auth/actor";
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { ServiceError } from "../lib/errors";
import { createUser } from "../lib/services/users/create-user";
import { passwordField } from "../lib/services/users/user-input";

// The command line is the system acting for whoever runs it on the server: the audit log names it so.
const COMMAND_LINE = jobActor("admin-create", null, "admin:create (command line)");

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  const email = z.email().parse(values.email?.trim().toLowerCase());
  const name = z.string().min(1).parse(values.name ?? email);
  let password = process.env.OPENSAM_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("Password (at least 12 characters): ");
    rl.close();
  }
  password = passwordField.parse(password);
  const handle = await openDb({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR ?? ".data/pglite" });
  try {
    await migrateDb(handle);
    await createUser({ db: handle.db, actor: COMMAND_LINE }, { email, name, password, roles: ["sam_admin"] });
    console.log(`Created SAM admin ${email}. Sign in at your workspace URL.`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  if (e instanceof z.ZodError) console.error(e.issues.map((i) => i.message).join("\n"));
  else if (e instanceof ServiceError && e.fieldErrors) console.error(Object.values(e.fieldErrors).flat().join("\n"));
  else console.error((e as Error).message);
  process.exit(1);
});
