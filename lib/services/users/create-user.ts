import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { users } from "../../db/schema";
import { hashPassword } from "../../auth/password";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { createUserInput } from "./user-input";

/** Creates a sign-in account with its roles; the audit row lands in the same transaction. */
export async function createUser(ctx: ServiceContext, raw: z.input<typeof createUserInput>): Promise<{ id: string }> {
  authorize(ctx.actor, "users:manage", "create people");
  const input = parseInput(createUserInput, raw);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`)
      .limit(1);
    if (existing) {
      throw new ServiceError("conflict", "A person with this email already exists.", {
        email: ["A person with this email already exists."],
      });
    }
    const [created] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, roles: input.roles })
      .returning({ id: users.id });
    if (!created) throw new ServiceError("internal", "The person could not be created.");
    await writeAudit(tx, ctx.actor, {
      action: "user.create",
      entityType: "user",
      entityId: created.id,
      summary: `Created ${input.email} with roles ${input.roles.join(", ")}`,
      after: { name: input.name, email: input.email, roles: input.roles, active: true },
    });
    return created;
  });
}
