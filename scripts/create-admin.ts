/**
 * Creates the first SAM admin of a production workspace (no demo data, no default password):
 *   npm run admin:create -- --email you@company.com --name "Your Name"
 * The password is read from OPENSAM_ADMIN_PASSWORD or asked for on the terminal.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { users } from "../lib/db/schema";
import { hashPassword } from "../lib/auth/password";
import { writeAudit } from "../lib/services/audit/write-audit";
import { passwordField } from "../lib/services/users/user-input";

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
    const passwordHash = await hashPassword(password);
    await handle.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
      if (existing) throw new Error(`${email} already exists.`);
      const [created] = await tx.insert(users).values({ email, name, passwordHash, roles: ["sam_admin"] }).returning({ id: users.id });
      await writeAudit(tx, { job: "admin:create (command line)" }, {
        action: "user.create",
        entityType: "user",
        entityId: created?.id,
        summary: `Created ${email} with roles sam_admin`,
        after: { email, name, roles: ["sam_admin"] },
      });
    });
    console.log(`Created SAM admin ${email}. Sign in at your workspace URL.`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e instanceof z.ZodError ? e.issues.map((i) => i.message).join("\n") : (e as Error).message);
  process.exit(1);
});
