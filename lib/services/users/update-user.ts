import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { lockForTransaction } from "../../db/advisory-lock";
import { users } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { updateUserInput } from "./user-input";

/**
 * Changes a person's roles and active flag. The workspace must keep at least one active sam_admin,
 * so the last one can neither lose the role nor be deactivated. Role changes take one lock, so two
 * admins demoting each other at once cannot both pass the check.
 */
export async function updateUser(ctx: ServiceContext, raw: z.input<typeof updateUserInput>): Promise<void> {
  authorize(ctx.actor, "users:manage", "change people's roles");
  const input = parseInput(updateUserInput, raw);
  await ctx.db.transaction(async (tx) => {
    await lockForTransaction(tx, "users:admin-roster");
    const [before] = await tx.select().from(users).where(eq(users.id, input.id)).for("update").limit(1);
    if (!before) throw new ServiceError("not_found", "This person no longer exists.");
    const losesAdmin = before.roles.includes("sam_admin") && before.active && (!input.roles.includes("sam_admin") || !input.active);
    if (losesAdmin) {
      const [other] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(ne(users.id, input.id), eq(users.active, true), sql`'sam_admin' = any(${users.roles})`))
        .limit(1);
      if (!other) {
        throw new ServiceError("conflict", "The workspace needs at least one active SAM admin. Give another person the role first.");
      }
    }
    await tx
      .update(users)
      .set({ roles: input.roles, active: input.active, updatedAt: new Date() })
      .where(eq(users.id, input.id));
    await writeAudit(tx, ctx.actor, {
      action: "user.update",
      entityType: "user",
      entityId: input.id,
      summary: `Updated ${before.email}: roles ${input.roles.join(", ")}${input.active ? "" : ", deactivated"}`,
      before: { roles: before.roles, active: before.active },
      after: { roles: input.roles, active: input.active },
    });
  });
}
