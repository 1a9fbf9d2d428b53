import { asc, sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { directoryUsers } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { createDirectoryUserInput } from "./directory-input";

/**
 * Adds a person to the user directory. Emails are unique without regard to case (the CSV import
 * upserts by them, and subscriptions resolve by them); the manager is named by email.
 */
export async function createDirectoryUser(ctx: ServiceContext, raw: z.input<typeof createDirectoryUserInput>): Promise<{ id: string }> {
  authorize(ctx.actor, "directory:manage", "manage the user directory");
  const input = parseInput(createDirectoryUserInput, raw);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: directoryUsers.id })
      .from(directoryUsers)
      .where(sql`lower(${directoryUsers.email}) = ${input.email}`)
      .limit(1);
    if (taken) {
      throw new ServiceError("conflict", "Someone in the directory has this email.", { email: ["Someone in the directory has this email already."] });
    }
    let managerId: string | null = null;
    if (input.managerEmail) {
      const [manager] = await tx
        .select({ id: directoryUsers.id })
        .from(directoryUsers)
        .where(sql`lower(${directoryUsers.email}) = ${input.managerEmail}`)
        .orderBy(asc(directoryUsers.createdAt))
        .limit(1);
      if (!manager) {
        throw new ServiceError("invalid_input", "The manager is not in the directory.", {
          managerEmail: ["No one in the directory has this email. Add the manager first."],
        });
      }
      managerId = manager.id;
    }
    const values = {
      name: input.name,
      email: input.email,
      userName: input.userName ?? null,
      department: input.department ?? null,
      costCenter: input.costCenter ?? null,
      managerId,
      active: input.active,
    };
    const [row] = await tx.insert(directoryUsers).values(values).returning({ id: directoryUsers.id });
    if (!row) throw new ServiceError("internal", "The person could not be added.");
    await writeAudit(tx, ctx.actor, {
      action: "directory_user.create",
      entityType: "directory_user",
      entityId: row.id,
      summary: `Added ${input.email} to the user directory`,
      after: { ...values, managerEmail: input.managerEmail ?? null },
    });
    return row;
  });
}
